namespace Engram.Web;

/// <summary>One entry of the top bar: where it goes, and the path prefix that marks it current.</summary>
internal sealed record UiNavItem(string Label, string Href, string Section, bool AdminOnly = false);

/// <summary>
/// The top bar's sections, in order; admin-only ones go in its Admin menu. A new section adds its entry here
/// (docs/UI.md, "Adding a page").
/// </summary>
internal static class UiNavigation
{
    public static IReadOnlyList<UiNavItem> Items { get; } =
    [
        new("Proposals", "/ui/proposals", "/ui/proposals"),
        new("Memories", "/ui/stores", "/ui/stores"),
        new("Search", "/ui/search", "/ui/search"),
        new("Sign-ins", "/ui/admin/sign-ins", "/ui/admin", AdminOnly: true),
        new("Dreams", "/ui/dreams", "/ui/dreams"),
        new("Sessions", "/ui/sessions", "/ui/sessions"),
        new("Audit", "/ui/audit", "/ui/audit"),
        new("Policies", "/ui/policies", "/ui/policies"),
        new("API keys", "/ui/admin/keys", "/ui/admin/keys", AdminOnly: true),
        new("Agent sessions", "/ui/admin/sessions", "/ui/admin/sessions", AdminOnly: true),
    ];

    /// <summary>
    /// The entry a page belongs to: the one whose section is the longest prefix of <paramref name="section"/> (the page's
    /// <c>ViewData["Section"]</c> when it sets one, else its path), or null.
    /// </summary>
    public static UiNavItem? Current(string section) =>
        Items.Where(i => section.StartsWith(i.Section, StringComparison.Ordinal)).MaxBy(i => i.Section.Length);
}
