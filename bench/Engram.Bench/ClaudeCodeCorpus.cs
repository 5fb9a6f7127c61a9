namespace Engram.Bench;

/// <summary>What <see cref="ClaudeCodeCorpus.Generate"/> wrote.</summary>
internal sealed record CorpusInfo(int Projects, int Sessions, long Files, long Bytes, long Records);

/// <summary>
/// Writes a synthetic <c>~/.claude/projects</c> tree for the import benchmark: one folder per project, one JSON
/// Lines file per session, a few sub-agent transcripts, with records shaped as Claude Code writes them (one
/// content block per assistant line, tool results with errors, huge logs, compaction, summaries, and now and
/// then a fake credential so masking has work). The same seed gives the same tree.
/// </summary>
internal static partial class ClaudeCodeCorpus
{
    /// <summary>About what one person accumulates across their repositories.</summary>
    private const int ProjectCount = 20;

    /// <summary>Session sizes are log-normal around this median, clamped to the sizes real sessions reach.</summary>
    private const double MedianSessionBytes = 800_000;
    private const double SessionSizeSpread = 1.2;
    private const long MinSessionBytes = 50_000;
    private const long MaxSessionBytes = 20_000_000;

    /// <summary>Share of sessions that delegate part of their work to a sub-agent with its own transcript.</summary>
    private const double SubagentSessionShare = 0.05;

    /// <summary>Bytes gathered before a write: large enough that the disk sees few, large writes.</summary>
    private const int FlushBytes = 1 << 20;

    /// <summary>Generates sessions until about <paramref name="targetBytes"/> are written under <paramref name="root"/>.</summary>
    public static CorpusInfo Generate(string root, long targetBytes, int seed)
    {
        var plan = Plan(targetBytes, seed);
        long files = 0, bytes = 0, records = 0;
        Parallel.ForEach(plan, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, session =>
        {
            var written = WriteSession(root, session);
            Interlocked.Add(ref files, written.Files);
            Interlocked.Add(ref bytes, written.Bytes);
            Interlocked.Add(ref records, written.Records);
        });

        return new CorpusInfo(plan.Select(s => s.Project.Slug).Distinct().Count(), plan.Count, files, bytes, records);
    }

    private sealed record Project(string Slug, string Cwd, Language Language, string[] Files);

    private sealed record SessionPlan(Project Project, long Budget, int Seed, DateTimeOffset Start);

    private sealed record Written(long Files, long Bytes, long Records);

    /// <summary>Decided up front, so sessions can be written in parallel and still come out the same for a seed.</summary>
    private static List<SessionPlan> Plan(long targetBytes, int seed)
    {
        var random = new Random(seed);
        var projects = Enumerable.Range(0, ProjectCount).Select(i => NewProject(random, i)).ToArray();
        var plan = new List<SessionPlan>();
        var start = new DateTimeOffset(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);
        for (long planned = 0; planned < targetBytes;)
        {
            var size = (long)(MedianSessionBytes * Math.Exp(SessionSizeSpread * NextGaussian(random)));
            size = Math.Min(Math.Clamp(size, MinSessionBytes, MaxSessionBytes), targetBytes - planned);
            // Squaring skews the choice: a few projects hold most sessions, as on a real machine.
            var project = projects[(int)(Math.Pow(random.NextDouble(), 2) * projects.Length)];
            start = start.AddMinutes(random.Next(20, 600));
            plan.Add(new SessionPlan(project, size, random.Next(), start));
            planned += size;
        }

        return plan;
    }

    private static Project NewProject(Random random, int index)
    {
        var name = Vocabulary.ProjectNames[index % Vocabulary.ProjectNames.Length];
        var cwd = $"/home/dev/src/{name}";
        var language = (Language)(index % 4);
        var files = Enumerable.Range(0, 40).Select(_ => Vocabulary.SourcePath(random, language)).Distinct().ToArray();
        return new Project(cwd.Replace('/', '-'), cwd, language, files);
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Written WriteSession(string root, SessionPlan plan)
    {
        var random = new Random(plan.Seed);
        var sessionId = TranscriptWriter.NewUuid(random);
        var folder = Path.Combine(root, plan.Project.Slug);
        Directory.CreateDirectory(folder);
        var subagentBudget = plan.Budget > 500_000 && random.NextDouble() < SubagentSessionShare ? plan.Budget / 4 : 0;

        using var main = new TranscriptWriter(Path.Combine(folder, sessionId + ".jsonl"), random, plan, sessionId, agentId: null);
        var conversation = new Conversation(main, random, plan.Project);
        if (subagentBudget > 0)
        {
            var agentId = TranscriptWriter.NewHex(random, 8);
            var subagentFolder = Path.Combine(folder, sessionId, "subagents");
            Directory.CreateDirectory(subagentFolder);
            using var subagent = new TranscriptWriter(Path.Combine(subagentFolder, $"agent-{agentId}.jsonl"), random, plan, sessionId, agentId);
            new Conversation(subagent, random, plan.Project).Run(subagentBudget);
            conversation.Run(plan.Budget - subagentBudget - subagent.Bytes);
            return new Written(2, main.Bytes + subagent.Bytes, main.Records + subagent.Records);
        }

        conversation.Run(plan.Budget);
        return new Written(1, main.Bytes, main.Records);
    }

    private enum Language
    {
        TypeScript,
        Python,
        CSharp,
        Go,
    }

    private enum ToolKind
    {
        Bash,
        Read,
        Edit,
        Grep,
    }
}
