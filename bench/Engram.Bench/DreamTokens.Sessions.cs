using System.Text;
using System.Text.Json;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Signals;
using Engram.Sessions;

namespace Engram.Bench;

/// <summary>
/// Generated agent sessions for the dream token benchmark: about 100 events each, shaped like coding sessions
/// (file reads with code, shell commands with output, edits, agent prose), with a few planted signals each: a
/// tool that is missing and the form that worked, a failing build, a user correction, a remember request.
/// The same seed gives the same sessions.
/// </summary>
internal static class DreamTokenSessions
{
    /// <summary>Events per session, about: the benchmark's stated session size.</summary>
    private const int TargetEvents = 100;

    private static readonly string[] Words =
        ("request response handler service client server config cache queue worker retry timeout session token user account " +
         "order invoice payment ledger schema table index migration query result error status build test deploy release " +
         "module package import export parse render validate serialize encode decode stream buffer socket channel event").Split(' ');

    private static readonly string[] Commands = ["git status", "git diff --stat", "ls -la src", "make lint", "cat setup.cfg", "grep -rn TODO src", "docker ps", "npm run typecheck"];

    private static readonly string[] Corrections =
    [
        "no, don't run it with sudo; use the project's virtualenv instead",
        "no, use uv run pytest, not plain pytest",
        "that's not what I asked: keep the public API unchanged",
        "don't edit the generated files under build/, change the templates",
    ];

    private static readonly string[] Remembers =
    [
        "remember that the staging database is read-only on weekends",
        "from now on always run the linter before committing",
        "remember: deploys go through the release branch, never main",
    ];

    public static List<(SessionDigest Digest, IReadOnlyList<StoredEvent> Events)> Generate(int count, int seed, DateTimeOffset start)
    {
        var sessions = new List<(SessionDigest, IReadOnlyList<StoredEvent>)>(count);
        for (var i = 0; i < count; i++)
        {
            var random = new Random(seed + i);
            var id = $"sesn_bench{i:D5}";
            var agent = $"agent-{i % 12:D2}";
            var events = Session(id, random);
            sessions.Add((new SessionDigest(id, agent, start.AddMinutes(17 * i), events.Count, [.. SessionSignals.Noteworthy(SessionSignals.Extract(id, agent, events))]), events)); // as the dream runner sends them
        }

        return sessions;
    }

    private static List<StoredEvent> Session(string id, Random random)
    {
        var events = new List<StoredEvent>(TargetEvents + 10);
        var calls = 0;
        void Add(TranscriptEventKind kind, string? text, string? toolUseId = null, string? tool = null, string? input = null, bool isError = false) =>
            events.Add(new StoredEvent(id, events.Count, new TranscriptEvent(kind, $"k{events.Count}", null, text, toolUseId, tool, input, isError)));
        void Call(string tool, object input, string result, bool isError = false)
        {
            var useId = $"toolu_{++calls:D4}";
            Add(TranscriptEventKind.ToolUse, null, useId, tool, JsonSerializer.Serialize(input));
            Add(TranscriptEventKind.ToolResult, result, useId, isError: isError);
        }

        var planted = new List<Action>
        {
            () => Call("Bash", new { command = "npm run build" }, $"> app@1.0.0 build\n> tsc -p .\n\nsrc/{Word(random)}.ts(41,7): error TS2322: Type 'string' is not assignable to type 'number'.\nnpm ERR! code ELIFECYCLE\nnpm ERR! errno 2", isError: true),
        };
        if (random.NextDouble() < 0.5)
        {
            planted.Add(() =>
            {
                Call("Bash", new { command = "cd /srv/app && pytest tests -q" }, "Exit code 127\n/usr/bin/bash: line 1: pytest: command not found", isError: true);
                Call("Bash", new { command = "cd /srv/app && python -m pytest tests -q" }, Lines(random, 8, "PASSED") + $"\n{random.Next(40, 400)} passed in {random.Next(1, 30)}.{random.Next(10, 99)}s");
            });
        }

        if (random.NextDouble() < 0.5)
        {
            planted.Add(() => Add(TranscriptEventKind.UserMessage, Corrections[random.Next(Corrections.Length)]));
        }

        if (random.NextDouble() < 0.3)
        {
            planted.Add(() => Add(TranscriptEventKind.UserMessage, Remembers[random.Next(Remembers.Length)]));
        }

        Add(TranscriptEventKind.UserMessage, $"Please fix the {Word(random)} {Word(random)} bug in the {Word(random)} module and make the tests pass.");
        var plantAt = planted.Select(_ => random.Next(10, TargetEvents - 10)).OrderBy(x => x).ToList();
        var next = 0;
        while (events.Count < TargetEvents)
        {
            if (next < plantAt.Count && events.Count >= plantAt[next])
            {
                planted[next++]();
                continue;
            }

            switch (random.Next(6))
            {
                case 0:
                case 1:
                    Call("Read", new { file_path = $"/srv/app/src/{Word(random)}/{Word(random)}.py" }, Code(random, Sized(random, 1_800)));
                    break;
                case 2:
                    var command = Commands[random.Next(Commands.Length)];
                    Call("Bash", new { command }, Lines(random, Math.Max(1, Sized(random, 600) / 50), command.Split(' ')[0]));
                    break;
                case 3:
                    Call("Edit", new { file_path = $"/srv/app/src/{Word(random)}.py", old_string = Code(random, Sized(random, 300)), new_string = Code(random, Sized(random, 400)) }, "The file has been updated.");
                    break;
                default:
                    Add(TranscriptEventKind.AgentMessage, Prose(random, Sized(random, 250)));
                    break;
            }
        }

        while (next < planted.Count)
        {
            planted[next++]();
        }

        return events;
    }

    /// <summary>Log-normal sizes around <paramref name="median"/>: most outputs are short, a few are long.</summary>
    private static int Sized(Random random, int median) =>
        (int)Math.Clamp(median * Math.Exp(0.9 * Gaussian(random)), 20, 40_000);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Code(Random random, int chars)
    {
        var code = new StringBuilder();
        while (code.Length < chars)
        {
            var name = Word(random);
            code.Append($"def {name}_{Word(random)}(self, {Word(random)}):\n    result = self.{name}.{Word(random)}({Word(random)}, timeout={random.Next(1, 60)})\n    return result\n\n");
        }

        return code.ToString();
    }

    private static string Lines(Random random, int count, string prefix)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            lines.Append($"{prefix} src/{Word(random)}/{Word(random)}.py::{Word(random)} {random.Next(1, 999)}\n");
        }

        return lines.ToString();
    }

    private static string Prose(Random random, int chars)
    {
        var prose = new StringBuilder("I ");
        while (prose.Length < chars)
        {
            prose.Append(Word(random)).Append(random.Next(9) == 0 ? ". The " : " ");
        }

        return prose.Append('.').ToString();
    }
}
