namespace Engram.Cli.Tests;

/// <summary><c>engram search</c>, <c>engram catalog</c> and <c>engram context</c> as a user runs them.</summary>
public sealed class SearchCommandTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task SeedAsync(string storeMetadata = "")
    {
        (await _engram.RunAsync("init")).Ok();
        string[] create = ["store", "create", "team", "--description", "Platform team notes"];
        (await _engram.RunAsync(storeMetadata.Length == 0 ? create : [.. create, "--metadata", storeMetadata])).Ok();
        (await _engram.RunAsync(["write", "/runbooks/deploy.md"], "---\ndescription: How to ship a service.\n---\n# Deploy\n\nRun the canary first, then promote.\n")).Ok();
        (await _engram.RunAsync(["write", "/runbooks/rollback.md"], "---\ndescription: Put the previous release back.\n---\n# Rollback\n\nRedeploy the last good build tag.\n")).Ok();
        (await _engram.RunAsync(["write", "/runbooks/vpn.md"], "---\ndescription: Old VPN steps.\nexpires: 2020-01-01\n---\nConnect with the legacy client.\n")).Ok();
        (await _engram.RunAsync(["write", "/skills/ship/SKILL.md"], "---\nname: ship-it\ndescription: Ship a service end to end.\n---\nThe long steps.\n")).Ok();
    }

    [Fact]
    public async Task Search_prints_paths_descriptions_and_highlighted_snippets()
    {
        await SeedAsync();
        var result = (await _engram.RunAsync("search", "canary")).Ok();
        Assert.StartsWith("/runbooks/deploy.md  [keyword", result.Out, StringComparison.Ordinal);
        Assert.Contains("How to ship a service.", result.Out, StringComparison.Ordinal);
        Assert.Contains("**canary**", result.Out, StringComparison.Ordinal);

        var json = (await _engram.RunAsync("search", "legacy", "--stale", "--json")).Ok().Json;
        Assert.Equal("/runbooks/vpn.md", json.GetProperty("data")[0].GetProperty("path").GetString());
        Assert.True(json.GetProperty("data")[0].GetProperty("stale").GetBoolean());
        var none = (await _engram.RunAsync("search", "legacy", "--fresh")).Ok();
        Assert.Equal(("", "engram: no fresh memories in team match \"legacy\"\n"), (none.Out, none.Error));
    }

    [Fact]
    public async Task Semantic_search_finds_a_paraphrase_where_the_store_has_it_on()
    {
        await SeedAsync("engram.semantic=on");
        var result = (await _engram.RunAsync("search", "undo a bad release", "--mode", "semantic", "--json")).Ok().Json;
        Assert.Equal("/runbooks/rollback.md", result.GetProperty("data")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Embeddings_reports_progress_per_store_and_a_search_embeds_a_few_fresh_writes_itself()
    {
        await SeedAsync("engram.semantic=on");
        var before = (await _engram.RunAsync("embeddings")).Ok();
        Assert.Equal("team  semantic on  4 memories, 0 embedded, 4 pending  arctic-embed-xs+int8\n", before.Out);

        var search = (await _engram.RunAsync("search", "undo a bad release", "--mode", "semantic")).Ok();
        Assert.DoesNotContain("not embedded yet", search.Error, StringComparison.Ordinal);
        var after = (await _engram.RunAsync("embeddings", "--json")).Ok().Json.GetProperty("data")[0];
        Assert.Equal((4, 4, 0), (after.GetProperty("memories").GetInt32(), after.GetProperty("embedded").GetInt32(), after.GetProperty("pending").GetInt32()));
    }

    [Fact]
    public async Task Embeddings_says_one_memory_in_the_singular()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team", "--metadata", "engram.semantic=on")).Ok();
        (await _engram.RunAsync(["write", "/a.md"], "One note.\n")).Ok();
        Assert.Equal("team  semantic on  1 memory, 0 embedded, 1 pending  arctic-embed-xs+int8\n", (await _engram.RunAsync("embeddings")).Ok().Out);
    }

    [Theory]
    [InlineData(473 / 90.0, "6 s")]
    [InlineData(0.2, "1 s")]
    [InlineData(59.5, "60 s")]
    [InlineData(61, "2 min")]
    [InlineData(3 * 3600, "3.0 h")]
    public void The_time_left_is_in_seconds_under_a_minute_and_in_minutes_or_hours_beyond(double seconds, string expected) =>
        Assert.Equal(expected, Commands.EmbeddingsCommand.TimeLeft(seconds));

    [Fact]
    public async Task Search_status_searches_for_the_word_status()
    {
        await SeedAsync();
        (await _engram.RunAsync(["write", "/runbooks/status.md"], "# Status page\n\nPost the incident status every hour.\n")).Ok();
        var result = (await _engram.RunAsync("search", "status", "--mode", "keyword")).Ok();
        Assert.StartsWith("/runbooks/status.md  [keyword", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embeddings_wait_embeds_everything_queued_locally_and_searches_are_then_complete()
    {
        await SeedAsync("engram.semantic=on");
        for (var i = 0; i < 40; i++)
        {
            (await _engram.RunAsync([$"write", $"/bulk/{i}.md"], $"Release note {i}: promote the canary.\n")).Ok();
        }

        var waited = (await _engram.RunAsync("embeddings", "--wait")).Ok();
        Assert.Equal("team  semantic on  44 memories, 44 embedded, 0 pending  arctic-embed-xs+int8\n", waited.Out);
        var search = (await _engram.RunAsync("search", "canary", "--mode", "hybrid")).Ok();
        Assert.Equal("", search.Error);
    }

    [Fact]
    public async Task A_search_while_many_memories_wait_to_be_embedded_says_on_stderr_that_it_is_partial()
    {
        await SeedAsync("engram.semantic=on");
        for (var i = 0; i < 6; i++)
        {
            (await _engram.RunAsync([$"write", $"/bulk/{i}.md"], $"Release note {i}: promote the canary.\n")).Ok();
        }

        var result = (await _engram.RunAsync("search", "canary", "--mode", "hybrid")).Ok();
        Assert.Contains("/runbooks/deploy.md", result.Out, StringComparison.Ordinal);
        Assert.StartsWith("engram: 10 of 10 memories in team are not embedded yet: found by keyword only (`", result.Error, StringComparison.Ordinal);
        Assert.Contains(" embeddings --wait` embeds them now)", result.Error, StringComparison.Ordinal);
        var json = (await _engram.RunAsync("search", "canary", "--mode", "hybrid", "--json")).Ok().Json;
        Assert.True(json.GetProperty("partial").GetBoolean());
        Assert.Equal(10, json.GetProperty("embedding").GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Bad_search_input_exits_2_naming_the_option()
    {
        await SeedAsync();
        var both = await _engram.RunAsync("search", "x", "--stale", "--fresh");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--stale", both.Error, StringComparison.Ordinal);
        var semantic = await _engram.RunAsync("search", "x", "--mode", "semantic");
        Assert.Equal(2, semantic.ExitCode);
        Assert.Contains("engram.semantic=on", semantic.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_marks_stale_memories_and_skills()
    {
        await SeedAsync();
        var lines = (await _engram.RunAsync("catalog")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["/runbooks/deploy.md  — How to ship a service.", "/runbooks/rollback.md  — Put the previous release back.",
             "/runbooks/vpn.md (stale)  — Old VPN steps.", "/skills/ship/SKILL.md (skill ship-it)  — Ship a service end to end."],
            lines);
    }

    [Fact]
    public async Task Context_prints_the_section_and_reports_its_size_on_stderr()
    {
        await SeedAsync();
        var result = (await _engram.RunAsync("context", "--budget", "400", "--memory-tool")).Ok();
        Assert.StartsWith("# Memory\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("- ship-it: Ship a service end to end. (/memories/skills/ship/SKILL.md)", result.Out, StringComparison.Ordinal);
        Assert.Contains("- /memories/runbooks/vpn.md — Old VPN steps. (stale)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("The long steps", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"engram: \d+ of 400 tokens", result.Error);
        Assert.Equal(result.Out, (await _engram.RunAsync("context", "--budget", "400", "--memory-tool")).Ok().Out);

        var tiny = (await _engram.RunAsync("context", "--budget", "40", "--json")).Ok().Json;
        Assert.True(tiny.GetProperty("truncated").GetBoolean());
        Assert.InRange(tiny.GetProperty("tokens").GetInt32(), 1, 40);
    }
}
