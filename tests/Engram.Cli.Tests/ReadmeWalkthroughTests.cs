using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// The README's walkthrough, run as a reader runs it: every command of its <c>```sh</c> blocks, in order, in one fresh
/// place (<see cref="Readme.Place"/>: <c>./engram</c>, <c>examples/</c>, an empty <c>./.engram</c>, a fresh home), each
/// checked for its exit code (0 unless <see cref="Expectations"/> says otherwise) and, where the README promises something,
/// its key output. The README is parsed, so a command added to it is run, and an expectation or skip that no longer
/// matches a line fails the test.
/// <para>
/// Placeholders are what the reader copies from an earlier command's output, and only that:
/// <list type="bullet">
/// <item><c>&lt;hash you read&gt;</c>: the last full SHA-256 (64 hex digits) a command printed (the <c>write</c> that made the memory says it).</item>
/// <item><c>memver_...</c>: the oldest version the latest <c>log</c> listed (its last line: <c>log</c> is newest first), which is the content to go back to.</item>
/// <item>any other <c>KIND_...</c> (<c>sesn_</c>, <c>drm_</c>, <c>prop_</c>, <c>engram_st_</c>): the first id of that kind in the output of the latest command that printed one.</item>
/// <item><c>~</c>: the fresh home directory; its <c>~/.claude/projects</c> holds one Claude Code transcript (tests/Engram.Tests fixture), as after one session of Claude Code.</item>
/// </list>
/// Any other placeholder fails the test. Lines that need a network, a model or a long-running foreground process are
/// skipped, each by a rule in <see cref="Skips"/> that says why.
/// </para>
/// </summary>
[UnsupportedOSPlatform("windows")] // the README's commands are shell commands
public sealed partial class ReadmeWalkthroughTests : IDisposable
{
    private static readonly (Func<string, bool> Matches, string Why)[] Skips =
    [
        (c => c.StartsWith("scripts/test.sh", StringComparison.Ordinal), "the whole test suite, this test among it: long-running"),
        (c => c.StartsWith("./engram serve", StringComparison.Ordinal), "a long-running foreground process: the HTTP server"),
        (c => c.Contains(" --postgres ", StringComparison.Ordinal), "needs a PostgreSQL server (PostgresCliTests runs these commands on the test cluster)"),
        (c => c.Contains("--server http://", StringComparison.Ordinal), "needs a network: the server that ./engram serve (skipped) would run"),
        (c => c.StartsWith("./engram sync ", StringComparison.Ordinal) && !c.Contains("--once", StringComparison.Ordinal), "a long-running foreground process: sync until Ctrl+C"),
        (c => c.StartsWith("claude mcp add engram --", StringComparison.Ordinal), "a long-running foreground process: registers engram mcp (a stdio server) with Claude Code's claude program"),
        (c => c.StartsWith("claude mcp add --transport http", StringComparison.Ordinal), "needs a network: a server's /mcp, registered with Claude Code's claude program"),
    ];

    /// <summary>What a line must do besides exiting 0: keyed by a piece of the command that names exactly one README line.</summary>
    private static readonly Expectation[] Expectations =
    [
        new("./engram demo", Contains: ["seen in 5 of 12 sessions across 3 agent(s)", "imported 12 example transcripts of 3 agents (deployer, reviewer, tester)"]),
        new("# creates ./.engram", Contains: ["Initialized an Engram data directory at"]),
        new("--reason \"CI image quirk\"", Matches: @"^created /org/conventions\.md  memver_\w+  sha256 [0-9a-f]{64}"),
        new("--expect-sha256 <hash you read>", Matches: @"^updated /org/conventions\.md"),
        new("./engram diff /org/conventions.md", Contains: ["-- run tests with python -m pytest\n", "+- run tests with python -m pytest -q\n"]),
        new("./engram mv /org/conventions.md", Contains: ["renamed /org/conventions.md -> /org/engineering.md"]),
        new("./engram log /org/engineering.md", Contains: ["reason: CI image quirk"]),
        new("./engram revert /org/engineering.md", Contains: ["reverted /org/engineering.md to the content of memver_"]),
        new("./engram redact memver_", Contains: ["redacted memver_"]),
        new("./engram search \"error rate\"", Matches: @"\A/runbooks/rollback\.md"),
        new("./engram search \"how do I undo a bad release\"", Matches: @"\A/runbooks/rollback\.md"),
        new("./engram context --budget 2000", Contains: ["## Store team", "/runbooks/rollback.md"]),
        new("./engram export ./kb --prefix /runbooks", Contains: ["exported 1 memory"], Then: place => Assert.True(File.Exists(Path.Combine(place.Work, "kb", "rollback.md")), "export wrote ./kb/rollback.md")),
        new("./engram import ./kb --prefix /runbooks", Contains: ["0 written (0 new, 0 updated), 1 unchanged"]),
        new("./engram sessions import examples/transcripts", Contains: ["12 sessions (12 new)"]),
        new("./engram sessions import ~/.claude/projects", Contains: ["1 session (1 new)"]),
        new("./engram sessions list", Contains: [" deployer ", " reviewer ", " tester ", " claude-code "]),
        new("./engram sessions events sesn_", Contains: ["user_message"]),
        new("./engram dream --store team --all --dry-run", Contains: ["dry run: 13 sessions", "no model provider configured", "spend no tokens"]),
        new("# find what recurs across every session", Contains: ["13 of 13 sessions read, 3 proposals"]),
        new("./engram dreams show drm_... --patterns", Matches: @"proposed  recovered_failure\s+5/13 sessions  3 agents  `docker compose` fails here"),
        new("./engram proposals list --dream drm_", Contains: ["recovered_failure", "user_correction", "remember_request"]),
        new("./engram proposals show prop_", Matches: @"seen in \d+ of 13 sessions"),
        new("./engram proposals accept prop_", Matches: @"^applied prop_\w+ as memver_"),
        new("./engram dreams revert drm_", Contains: ["reverted 1 change(s)"]),
        new("./engram sync ~/memory --store team --once", Then: place => Assert.True(File.Exists(Path.Combine(place.Home, "memory", "org", "engineering.md")), "sync --once wrote ~/memory/org/engineering.md")),
        new("./engram sessions start --agent reviewer", Contains: ["for agent reviewer", "engram_st_"]),
        new("--api-key engram_st_...", Matches: @"^created /agents/reviewer/friday\.md"),
        new("./engram log /agents/reviewer/friday.md", Contains: ["sesn_"]),
        new("./engram sessions around memver_", Contains: ["no events around memver_"]),
        new("./engram policy test --subject sesn_", Exit: 5, Contains: ["denied"]),
    ];

    private readonly Readme.Place _place = new();
    private readonly List<(string Command, string Out)> _outputs = [];

    public void Dispose() => _place.Dispose();

    [Fact]
    public async Task Every_command_of_the_readme_runs_on_a_fresh_data_directory_as_the_readme_says()
    {
        SeedClaudeCodeProjects();
        var commands = Readme.ShellCommands();
        Assert.All(Skips, skip => Assert.True(commands.Any(c => skip.Matches(c.WithoutComment)), $"no README command is skipped because: {skip.Why}; remove the rule"));
        Assert.All(Expectations, e => Assert.True(commands.Count(c => c.Text.Contains(e.Key, StringComparison.Ordinal)) == 1, $"the expectation for \"{e.Key}\" must name exactly one README command"));

        var ran = 0;
        foreach (var command in commands)
        {
            if (Skips.FirstOrDefault(s => s.Matches(command.WithoutComment)).Why is { } why)
            {
                Console.WriteLine($"skipped {command}: {why}");
                continue;
            }

            var line = Substitute(command);
            var result = await _place.RunAsync(line);
            var expected = Expectations.SingleOrDefault(e => command.Text.Contains(e.Key, StringComparison.Ordinal));
            var context = $"{command}\nran: {line}\nexit {result.ExitCode}\nstdout: {result.Out}\nstderr: {result.Error}";
            Assert.True(result.ExitCode == (expected?.Exit ?? 0), $"expected exit {expected?.Exit ?? 0}: {context}");
            foreach (var piece in expected?.Contains ?? [])
            {
                Assert.True(result.Out.Contains(piece, StringComparison.Ordinal), $"expected \"{piece}\" in the output: {context}");
            }

            Assert.True(expected?.Matches is not { } pattern || Regex.IsMatch(result.Out, pattern, RegexOptions.Multiline), $"expected a line matching {expected?.Matches}: {context}");
            expected?.Then?.Invoke(_place);
            _outputs.Add((line, result.Out));
            ran++;
        }

        Assert.True(ran >= 30, $"only {ran} README commands ran");
    }

    [Fact]
    public async Task The_readmes_hook_settings_import_a_claude_code_session_when_it_ends_and_what_it_added_before_compacting()
    {
        var settings = Assert.Single(Readme.BlockTexts("json"), b => b.Contains("\"hooks\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(settings);
        string Command(string hookEvent) =>
            Assert.Single(Assert.Single(json.RootElement.GetProperty("hooks").GetProperty(hookEvent).EnumerateArray()).GetProperty("hooks").EnumerateArray())
                .GetProperty("command").GetString()!.Replace("/path/to/", _place.Work + "/", StringComparison.Ordinal);
        (await _place.RunAsync("./engram init")).Ok();
        var transcript = SeedClaudeCodeProjects();
        var lines = File.ReadAllLines(transcript);
        File.WriteAllLines(transcript, lines[..^4]);
        string Payload(string hookEvent, string extra) =>
            $$"""{"session_id":"7d1c4f2e-1a2b-4c3d-8e9f-000000000001","transcript_path":"{{transcript}}","cwd":"/home/dev/shop","permission_mode":"default","hook_event_name":"{{hookEvent}}",{{extra}}}""";

        var ended = (await _place.RunAsync(Command("SessionEnd"), Payload("SessionEnd", "\"reason\":\"prompt_input_exit\""))).Ok();
        File.AppendAllLines(transcript, lines[^4..]);
        var compacted = (await _place.RunAsync(Command("PreCompact"), Payload("PreCompact", "\"trigger\":\"auto\",\"custom_instructions\":\"\""))).Ok();

        Assert.Matches(@"^imported into sesn_\w+: \d+ events added, 0 already held", ended.Out);
        Assert.Matches(@"^imported into sesn_\w+: [1-9]\d* events? added, [1-9]\d* already held", compacted.Out);
        var sessions = (await _place.RunAsync("./engram sessions list --json")).Ok().Json.GetProperty("data");
        Assert.Equal("claude-code", Assert.Single(sessions.EnumerateArray()).GetProperty("agent").GetString());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_place.Home, ".local", "state", "engram", "hooks.log")).Length);
    }

    /// <summary>One Claude Code session in <c>~/.claude/projects</c>, as Claude Code keeps it; returns the transcript.</summary>
    private string SeedClaudeCodeProjects()
    {
        var transcript = Path.Combine(_place.Home, ".claude", "projects", "-home-dev-shop", "7d1c4f2e-1a2b-4c3d-8e9f-000000000001.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(transcript)!);
        File.Copy(Checkout.PathOf("tests", "Engram.Tests", "Sessions", "Fixtures", "claude-code", "conversation.jsonl"), transcript);
        return transcript;
    }

    /// <summary>The command with its placeholders replaced by what earlier commands printed (the rules in the class summary).</summary>
    private string Substitute(Readme.Command command)
    {
        var line = command.Text;
        if (line.Contains("<hash you read>", StringComparison.Ordinal))
        {
            line = line.Replace("<hash you read>", Latest(Sha256(), last: true, logOnly: false) ?? throw Missing(command, "<hash you read>"), StringComparison.Ordinal);
        }

        line = PlaceholderPattern().Replace(line, m =>
        {
            var kind = m.Groups["kind"].Value;
            var ids = kind == "memver_"
                ? Latest(IdPattern(kind), last: true, logOnly: true)
                : Latest(IdPattern(kind), last: false, logOnly: false);
            return ids ?? throw Missing(command, m.Value);
        });

        var unknown = UnknownPlaceholderPattern().Match(Readme.WithoutComment(line));
        Assert.False(unknown.Success, $"{command}: no rule replaces the placeholder \"{unknown.Value}\"; add one to ReadmeWalkthroughTests (and its summary)");
        return line;
    }

    /// <summary>The first (or last) match of <paramref name="pattern"/> in the latest output that has one; only <c>log</c> outputs with <paramref name="logOnly"/>.</summary>
    private string? Latest(Regex pattern, bool last, bool logOnly)
    {
        foreach (var (command, output) in Enumerable.Reverse(_outputs))
        {
            if (logOnly && !command.StartsWith("./engram log ", StringComparison.Ordinal))
            {
                continue;
            }

            var matches = pattern.Matches(output);
            if (matches.Count > 0)
            {
                return (last ? matches[^1] : matches[0]).Value;
            }
        }

        return null;
    }

    private static Exception Missing(Readme.Command command, string placeholder) =>
        new Xunit.Sdk.XunitException($"{command}: no earlier command printed what {placeholder} stands for");

    private static Regex IdPattern(string kind) => kind.StartsWith("engram_", StringComparison.Ordinal)
        ? new Regex(Regex.Escape(kind) + "[A-Za-z0-9_-]{20,}")
        : new Regex(Regex.Escape(kind) + "[0-9A-Z]{26}");

    [GeneratedRegex(@"\b[0-9a-f]{64}\b")]
    private static partial Regex Sha256();

    [GeneratedRegex(@"(?<kind>\b(memver|sesn|drm|prop|engram_st|engram_sk)_)\.\.\.")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\b[a-z]+(_[a-z]+)*_\.\.\.|<[a-z][a-z ]*>")]
    private static partial Regex UnknownPlaceholderPattern();

    /// <summary>What one README command must do: its exit code, pieces of its output, a line its output must have, a check of what it left.</summary>
    private sealed record Expectation(string Key, int Exit = 0, string[]? Contains = null, string? Matches = null, Action<Readme.Place>? Then = null);
}
