namespace Engram.Web.Tests.Governance;

public sealed class UiNavigationTests
{
    [Theory]
    [InlineData("/ui/dreams/drm_1", "Dreams")]
    [InlineData("/ui/admin/keys", "API keys")]
    [InlineData("/ui/admin/sessions", "Agent sessions")]
    [InlineData("/ui/admin/sign-ins", "Sign-ins")]
    [InlineData("/ui/sessions/sesn_1", "Sessions")]
    public void A_page_belongs_to_the_entry_with_the_longest_matching_section(string path, string label) =>
        Assert.Equal(label, UiNavigation.Current(path)?.Label);

    [Fact]
    public void A_page_of_no_section_marks_no_entry() => Assert.Null(UiNavigation.Current("/ui/sign-in"));
}
