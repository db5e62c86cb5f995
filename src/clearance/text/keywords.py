"""Reserved words of common programming languages: kept as themselves in the code channel,
while every other identifier is abstracted, so that renaming variables does not hide a copy."""

KEYWORDS = frozenset(
    """
    and as assert async await break case catch class const continue def default del delete do
    elif else enum except export extends false final finally fn for from func function go goto
    if impl import in instanceof interface is lambda let loop match mod module mut new nil none
    nonlocal not null or package pass private protected pub public raise return self static
    struct super switch this throw throws true try type typeof undefined union unsafe use var
    void volatile where while with yield
    int float double char bool boolean string str long short unsigned signed byte auto extern
    register sizeof typedef inline template typename namespace using virtual override friend
    operator defer chan map range select fallthrough trait dyn ref crate where print println
    printf len list dict set tuple object begin end then local function elseif until repeat
    """.split()
)
