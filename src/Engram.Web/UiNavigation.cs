namespace Engram.Web;

/// <summary>One entry of the top bar: where it goes, and the path prefix that marks it current.</summary>
public sealed record UiNavItem(string Label, string Href, string Section, bool AdminOnly = false);

/// <summary>The top bar's sections, in order. A new section adds its entry here (docs/UI.md, "Adding a page").</summary>
public static class UiNavigation
{
    public static IReadOnlyList<UiNavItem> Items { get; } =
    [
        new("Proposals", "/ui/proposals", "/ui/proposals"),
        new("Memories", "/ui/stores", "/ui/stores"),
        new("Search", "/ui/search", "/ui/search"),
        new("Sign-ins", "/ui/admin/sign-ins", "/ui/admin", AdminOnly: true),
    ];
}
