using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;
using Engram.Dreaming.Signals;
using Microsoft.Extensions.AI;

namespace Engram.Dreaming.Tests.Dreaming.Model;

public sealed class ModelSessionAnalyzerToolTests
{
    [Fact]
    public async Task Read_memory_gets_the_file_and_its_content_reaches_the_next_request()
    {
        var session = Batches.Builder();
        var reader = Batches.Reader(session);
        var client = new ScriptedChatClient()
            .Calls("call_1", "read_memory", new() { ["path"] = "/org/tools.md" })
            .Calls("call_2", "read_memory", new() { ["path"] = "/org/missing.md" })
            .Done();

        await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(reader, null, session), CancellationToken.None);

        Assert.Equal(["/org/tools.md", "/org/missing.md"], reader.MemoryReads);
        Assert.Equal(3, client.Requests.Count);
        var second = client.Requests[1].Messages;
        var result = Assert.Single(second.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal("call_1", result.CallId);
        Assert.Contains(Batches.MemoryBodyMarker, result.Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("not found", ScriptedChatClient.ToolResults(client.Requests[2].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_memory_refuses_an_invalid_path_without_asking_the_store()
    {
        var session = Batches.Builder();
        var reader = Batches.Reader(session);
        var client = new ScriptedChatClient().Calls("call_1", "read_memory", new() { ["path"] = "../../etc/passwd" }).Done();

        await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(reader, null, session), CancellationToken.None);

        Assert.Empty(reader.MemoryReads);
        Assert.StartsWith("refused: path must start with '/'", ScriptedChatClient.ToolResults(client.Requests[1].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_events_shows_only_sessions_of_the_batch_and_at_most_the_bound()
    {
        var session = Batches.Builder();
        var other = Batches.Researcher();
        var reader = Batches.Reader(session, other);
        var client = new ScriptedChatClient()
            .Calls("call_1", "read_events", new() { ["session_id"] = "sesn_a", ["from"] = 1, ["count"] = 500 })
            .Calls("call_2", "read_events", new() { ["session_id"] = "sesn_b", ["from"] = 0, ["count"] = 5 })
            .Done();

        await Batches.Analyzer(client, new ModelAnalyzerOptions { MaxReadEvents = 4 }).AnalyzeAsync(Batches.Request(reader, null, session), CancellationToken.None);

        var shown = ScriptedChatClient.ToolResults(client.Requests[1].Messages);
        Assert.Contains(Batches.FarMarker, shown, StringComparison.Ordinal);
        Assert.Equal(["[1]", "[2]", "[3]", "[4]"], shown.Split('\n').Where(l => l.StartsWith('[')).Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Contains("refused: session \"sesn_b\" is not in this batch", ScriptedChatClient.ToolResults(client.Requests[2].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_finding_gives_a_finding_whose_quotes_come_from_the_stored_events()
    {
        var session = Batches.Builder();
        var client = new ScriptedChatClient()
            .Calls("call_1", "report_finding", Batches.Finding(
                "Pytest MISSING: use `python -m pytest`!", "/org/tools.md", "Run tests with `python -m pytest`; `pytest` is not on PATH.", ("sesn_a", 47), ("sesn_a", 49)))
            .Done();

        var analysis = await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None);

        var finding = Assert.Single(analysis.Findings);
        Assert.Equal("sesn_a", finding.SessionId);
        Assert.Equal("builder", finding.Agent);
        Assert.Equal("pytest missing use python -m pytest", finding.Signature);
        Assert.Equal("/org/tools.md", finding.TargetPath);
        Assert.False(finding.Untrusted);
        Assert.Equal([47L, 49L], finding.Evidence.Select(e => e.EventIndex));
        Assert.Equal(SignalText.Excerpt(session.Events[47].Event), finding.Evidence[0].Quote);
        Assert.Contains("pytest: command not found", finding.Evidence[0].Quote, StringComparison.Ordinal);
        Assert.Equal("42 passed in 1.20s", finding.Evidence[1].Quote);
        Assert.StartsWith("recorded", ScriptedChatClient.ToolResults(client.Requests[1].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finding_citing_two_sessions_of_the_batch_is_kept_once_per_session()
    {
        var builder = Batches.Builder();
        var researcher = Batches.Researcher();
        var client = new ScriptedChatClient()
            .Calls("call_1", "report_finding", Batches.Finding("tools missing from path", "/org/tools.md", "Python tools are not on PATH; run them with `python -m`.", ("sesn_a", 47), ("sesn_b", 4)))
            .Done();

        var analysis = await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(Batches.Reader(builder, researcher), null, builder, researcher), CancellationToken.None);

        Assert.Equal([("sesn_a", "builder"), ("sesn_b", "researcher")], analysis.Findings.Select(f => (f.SessionId, f.Agent)));
        Assert.All(analysis.Findings, f => Assert.Single(f.Evidence));
    }

    [Fact]
    public async Task Findings_naming_sessions_outside_the_batch_missing_events_or_invalid_paths_are_dropped()
    {
        var session = Batches.Builder();
        var client = new ScriptedChatClient()
            .Answer(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("c1", "report_finding", Batches.Finding("outside", "/org/tools.md", "Text.", ("sesn_a", 47), ("sesn_other", 3))),
                new FunctionCallContent("c2", "report_finding", Batches.Finding("bad path", "../org/tools.md", "Text.", ("sesn_a", 47))),
                new FunctionCallContent("c3", "report_finding", Batches.Finding("empty segment", "/org//tools.md", "Text.", ("sesn_a", 47))),
                new FunctionCallContent("c4", "report_finding", Batches.Finding("no such event", "/org/tools.md", "Text.", ("sesn_a", 9_999))),
                new FunctionCallContent("c5", "report_finding", Batches.Finding("too long", "/org/tools.md", new string('x', 2_001), ("sesn_a", 47))),
                new FunctionCallContent("c6", "report_finding", Batches.Finding("!!!", "/org/tools.md", "Text.", ("sesn_a", 47))),
                new FunctionCallContent("c7", "report_finding", Batches.Finding("no evidence", "/org/tools.md", "Text.")),
                new FunctionCallContent("c8", "report_finding", new Dictionary<string, object?> { ["signature"] = "arguments missing" }),
                new FunctionCallContent("c9", "write_memory", new Dictionary<string, object?> { ["path"] = "/org/secrets.md" }),
            ])))
            .Done();

        var analysis = await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None);

        Assert.Empty(analysis.Findings);
        var results = client.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(9, results.Count);
        Assert.All(results, r => Assert.StartsWith("refused", r.Result?.ToString(), StringComparison.Ordinal));
        Assert.Contains("sesn_other", results[0].Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("target_path", results[1].Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("no event 9999", results[3].Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("at most 2,000 characters", results[4].Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("signature", results[5].Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finding_that_copies_a_fetched_page_is_flagged_untrusted()
    {
        var session = Batches.Researcher();
        var client = new ScriptedChatClient()
            .Answer(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("c1", "report_finding", Batches.Finding("linter setup", "/org/secrets.md", $"To configure the linter, {Batches.Injection}.", ("sesn_b", 2))),
                new FunctionCallContent("c2", "report_finding", Batches.Finding("ruff missing use python -m ruff", "/org/tools.md", "Run the linter as `python -m ruff check .`; `ruff` is not on PATH.", ("sesn_b", 4))),
                new FunctionCallContent("c3", "report_finding", new Dictionary<string, object?>(Batches.Finding("linter guide", "/org/tools.md", "The guide says to run ruff after setup.", ("sesn_b", 2))) { ["relies_on_tool_output"] = true }),
            ])))
            .Done();

        var analysis = await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(Batches.Reader(session), Batches.Instructions, session), CancellationToken.None);

        Assert.Equal([("linter setup", true), ("ruff missing use python -m ruff", false), ("linter guide", true)], analysis.Findings.Select(f => (f.Signature, f.Untrusted)));
        Assert.Contains("flagged untrusted", ScriptedChatClient.ToolResults(client.Requests[1].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_past_the_batch_limit_are_refused()
    {
        var session = Batches.Builder();
        var client = new ScriptedChatClient()
            .Answer(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [.. Enumerable.Range(0, 3).Select(i => new FunctionCallContent($"c{i}", "report_finding", Batches.Finding($"lesson {i}", "/org/tools.md", "Text.", ("sesn_a", 47))))])))
            .Done();

        var analysis = await Batches.Analyzer(client, new ModelAnalyzerOptions { MaxFindingsPerBatch = 2 })
            .AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None);

        Assert.Equal(["lesson 0", "lesson 1"], analysis.Findings.Select(f => f.Signature));
    }

    [Fact]
    public async Task Usage_is_summed_over_every_round()
    {
        var session = Batches.Builder();
        var client = new ScriptedChatClient()
            .Calls("c1", "read_memory", new() { ["path"] = "/org/tools.md" }, inputTokens: 100, outputTokens: 10)
            .Calls("c2", "read_memory", new() { ["path"] = "/org/style.md" }, inputTokens: 200, outputTokens: 20)
            .Done(inputTokens: 300, outputTokens: 30, cachedInputTokens: 50);

        var analysis = await Batches.Analyzer(client).AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None);

        // Microsoft.Extensions.AI counts cached input inside the input count; the dream counts it apart.
        Assert.Equal(new DreamUsage(550, 60, 0, 50), analysis.Usage);
    }

    [Fact]
    public async Task The_tool_loop_stops_after_the_round_bound()
    {
        var session = Batches.Builder();
        var client = new ScriptedChatClient();
        for (var i = 0; i < 10; i++)
        {
            client.Calls($"c{i}", "read_memory", new() { ["path"] = "/org/tools.md" });
        }

        await Batches.Analyzer(client, new ModelAnalyzerOptions { MaxToolRounds = 3 }).AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None);

        Assert.Equal(3, client.Requests.Count);
    }
}
