"""What a curate run leaves for its users: the manifest, NOTICE, and the data card with plots."""
