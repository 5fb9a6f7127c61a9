using System.Text.RegularExpressions;
using CsCheck;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>
/// The memory section over more than one store: each store under its own heading with its own instructions,
/// pinned memories, skills and index; the budget shared between them and never exceeded; a dream's output
/// store only when it is asked for.
/// </summary>
public sealed partial class ContextStoresTests : IAsyncLifetime
{
    private SearchWorld _world = null!;
    private string _team = null!;
    private string _org = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync();
        _team = await _world.StoreAsync("team", "What the team knows.", semantic: false);
        _org = await _world.StoreAsync("org", "What the whole company knows.", semantic: false);
        await _world.WriteAsync(_team,
            ("/team/deploy.md", "---\ndescription: How the team deploys.\n---\nbody\n"),
            ("/team/start.md", "---\npin: true\n---\nTeam rule: small pull requests.\n"),
            ("/skills/release/SKILL.md", "---\nname: cut-release\ndescription: Cut a release.\n---\nsteps\n"));
        await _world.WriteAsync(_org,
            ("/org/handbook.md", "---\ndescription: The company handbook.\n---\nbody\n"),
            ("/org/start.md", "---\npin: true\n---\nOrg rule: be kind.\n"),
            ("/skills/onboard/SKILL.md", "---\nname: onboard-hire\ndescription: Onboard a new hire.\n---\nsteps\n"));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task One_store_named_is_the_only_store_shown()
    {
        var section = await _world.Admin.BuildContextAsync(new ContextRequest(2_000, [_team]));
        Assert.Equal([_team], section.StoreIds);
        Assert.Single(Parts(section.Text));
        Assert.Contains($"## Store team ({_team})\nWhat the team knows.\n", section.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("org", section.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_stores_each_get_their_own_heading_pinned_memories_skills_and_index()
    {
        var section = await _world.Admin.BuildContextAsync(new ContextRequest(2_000));
        Assert.Equal([_org, _team], section.StoreIds);
        var parts = Parts(section.Text);
        Assert.Equal([$"org ({_org})", $"team ({_team})"], parts.Keys);
        AssertHolds(parts[$"org ({_org})"], "What the whole company knows.", "### /org/start.md\n---\npin: true\n---\nOrg rule: be kind.\n", "- onboard-hire: Onboard a new hire.", "- /org/handbook.md — The company handbook.\n");
        AssertHolds(parts[$"team ({_team})"], "What the team knows.", "### /team/start.md\n", "- cut-release: Cut a release.", "- /team/deploy.md — How the team deploys.\n");
        Assert.DoesNotContain("/team/", parts[$"org ({_org})"], StringComparison.Ordinal);
        Assert.DoesNotContain("/org/", parts[$"team ({_team})"], StringComparison.Ordinal);
        Assert.DoesNotContain("release", parts[$"org ({_org})"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_memory_tool_over_two_stores_each_store_says_the_store_argument_that_reaches_its_memories()
    {
        var section = await _world.Admin.BuildContextAsync(new ContextRequest(2_000, MemoryTool: true));
        Assert.StartsWith("# Memory\n\n" + ContextBuilder.MemoryToolStoresProtocol + "\n", section.Text, StringComparison.Ordinal);
        var parts = Parts(section.Text);
        AssertHolds(parts[$"org ({_org})"], "Memory tool: pass `store` \"org\" to reach this store's /memories.\n", "### /memories/org/start.md\n", "(/memories/skills/onboard/SKILL.md)", "- /memories/org/handbook.md — The company handbook.\n");
        AssertHolds(parts[$"team ({_team})"], "Memory tool: pass `store` \"team\" to reach this store's /memories.\n", "- /memories/team/deploy.md — How the team deploys.\n");
        Assert.DoesNotMatch(@"(?m)^(- |### )/(?!memories/)", section.Text);

        var one = await _world.Admin.BuildContextAsync(new ContextRequest(2_000, [_team], MemoryTool: true));
        Assert.StartsWith("# Memory\n\n" + ContextBuilder.MemoryToolProtocol + "\n", one.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Memory tool: pass", one.Text, StringComparison.Ordinal);
        Assert.Contains("- /memories/team/deploy.md", one.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_with_two_attached_stores_gets_each_under_its_heading_with_its_own_instructions()
    {
        await _world.StoreAsync("elsewhere", "Not attached.", semantic: false);
        var (session, _) = await _world.SessionAsync("builder",
            new SessionAttachment(_team, AttachmentAccess.ReadWrite, "Write what you learn under /team/."),
            new SessionAttachment(_org, AttachmentAccess.ReadOnly, "Read the handbook first."));
        var section = await session.BuildContextAsync(new ContextRequest(2_000));
        var parts = Parts(section.Text);
        Assert.Equal([$"team ({_team})", $"org ({_org})"], parts.Keys);
        AssertHolds(parts[$"team ({_team})"], "Instructions: Write what you learn under /team/.\n", "- /team/deploy.md");
        AssertHolds(parts[$"org ({_org})"], "Instructions: Read the handbook first.\n", "- /org/handbook.md");
        Assert.DoesNotContain("handbook", parts[$"team ({_team})"], StringComparison.Ordinal);
        Assert.DoesNotContain("elsewhere", section.Text, StringComparison.Ordinal);

        var narrowed = await session.BuildContextAsync(new ContextRequest(2_000, [_org]));
        Assert.Equal([$"org ({_org})"], Parts(narrowed.Text).Keys);
    }

    [Fact]
    public async Task A_dream_output_store_is_left_out_unless_it_is_named()
    {
        var output = (await _world.Admin.CreateStoreAsync(new CreateStoreRequest(
            "team · dream drm_x", "A dream's copy.", new Dictionary<string, string> { [DreamOutputs.MetadataKey] = "drm_x" }))).Id;
        await _world.WriteAsync(output, ("/team/deploy.md", "---\ndescription: The dream's copy of the deploy notes.\n---\nbody\n"));

        var everything = await _world.Admin.BuildContextAsync(new ContextRequest(2_000));
        Assert.Equal([_org, _team], everything.StoreIds);
        Assert.DoesNotContain(output, everything.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dream's copy", everything.Text, StringComparison.Ordinal);

        var named = await _world.Admin.BuildContextAsync(new ContextRequest(2_000, [output]));
        Assert.Equal([output], named.StoreIds);
        Assert.Contains("- /team/deploy.md — The dream's copy of the deploy notes.", named.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_budget_is_shared_so_a_small_store_shows_in_full_beside_a_large_one_that_is_cut()
    {
        var large = await _world.StoreAsync("large", semantic: false);
        for (var i = 0; i < 80; i++)
        {
            await _world.WriteAsync(large, ($"/{(char)('a' + i % 8)}/note-{i:00}.md", $"---\ndescription: Note number {i} of a long store.\n---\nbody\n"));
        }

        var section = await _world.Admin.BuildContextAsync(new ContextRequest(600, [large, _team]));
        Assert.True(section.Truncated);
        Assert.True(section.Tokens <= 600, $"{section.Tokens} tokens for a budget of 600");
        var parts = Parts(section.Text);
        Assert.Equal([$"large ({large})", $"team ({_team})"], parts.Keys);
        AssertHolds(parts[$"team ({_team})"], "Team rule: small pull requests.", "- cut-release:", "- /team/deploy.md");
        var shown = IndexLine().Matches(parts[$"large ({large})"]).Count;
        var more = MoreLine().Matches(parts[$"large ({large})"]).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(shown, 1, 79);
        Assert.Equal(80, shown + more);
        Assert.DoesNotMatch(MoreLine(), parts[$"team ({_team})"]);
    }

    [Fact]
    public async Task Over_several_stores_the_budget_is_never_exceeded_and_the_text_is_the_same_every_time()
    {
        var large = await _world.StoreAsync("large", "Many notes.", semantic: false);
        for (var i = 0; i < 40; i++)
        {
            await _world.WriteAsync(large, ($"/{(char)('a' + i % 5)}/note-{i:00}.md", $"---\ndescription: Note number {i}.\n---\nbody\n"));
        }

        await Gen.Int[1, 1_500].SampleAsync(async budget =>
        {
            var request = new ContextRequest(budget, MemoryTool: budget % 2 == 0);
            var section = await _world.Admin.BuildContextAsync(request);
            Assert.Equal(ContextBuilder.CountTokens(section.Text), section.Tokens);
            Assert.True(section.Tokens <= budget, $"{section.Tokens} tokens for a budget of {budget}");
            Assert.Equal(section.Text, (await _world.Admin.BuildContextAsync(request)).Text);
            Assert.Equal(section.Text, (await _world.Admin.BuildContextAsync(request with { StoreIds = [_team, large, _org] })).Text);
        }, iter: 40, threads: 1);
    }

    private static void AssertHolds(string part, params string[] expected)
    {
        foreach (var text in expected)
        {
            Assert.Contains(text, part, StringComparison.Ordinal);
        }
    }

    /// <summary>The text under each "## Store NAME (ID)" heading, up to the next one, by "NAME (ID)", in order.</summary>
    internal static Dictionary<string, string> Parts(string text)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        var headings = StoreHeading().Matches(text);
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].Index : text.Length;
            parts.Add(headings[i].Groups[1].Value, text[headings[i].Index..end]);
        }

        return parts;
    }

    [GeneratedRegex(@"^## Store (.+)$", RegexOptions.Multiline)]
    private static partial Regex StoreHeading();

    [GeneratedRegex(@"^- /.*$", RegexOptions.Multiline)]
    private static partial Regex IndexLine();

    [GeneratedRegex(@"^… (\d+) more (?:under|in)", RegexOptions.Multiline)]
    private static partial Regex MoreLine();
}
