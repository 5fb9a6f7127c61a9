using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Dreaming.Synthesis;
using Engram.Search;
using static Engram.Tests.Dreaming.Synthesis.SynthesisFleet;

namespace Engram.Tests.Dreaming.Synthesis;

public sealed class ModelFindingClusterTests
{
    private const string PytestText = "- Run tests with `python -m pytest`; `pytest` is not on PATH.";

    /// <summary>One finding per session number, by agent <c>agent{n % 3}</c>, with one evidence entry at event 3.</summary>
    internal static List<ModelFinding> Findings(string signature, string title, string target, string text, params int[] sessions) =>
        [.. sessions.Select(n => new ModelFinding(Id(n), $"agent{n % 3}", signature, title, target, text, "Agents lose time on it.", [new PatternEvidence(Id(n), 3, $"quote {n}")], Untrusted: false))];

    private static IReadOnlyList<DraftProposal> Synthesize(IReadOnlyList<ModelFinding> findings, IReadOnlyList<StoreFile>? store = null, ITextEmbedder? embedder = null) =>
        new DreamSynthesizer(embedder: embedder).Synthesize(new SynthesisInput([], 10, findings, store ?? [], null, Now)).Drafts;

    [Fact]
    public void Findings_with_one_normalized_signature_are_one_draft_counting_distinct_sessions()
    {
        var findings = Findings("pytest-missing", "pytest is not on PATH", "/org/environment.md", PytestText, 1, 4, 9);
        findings.Add(findings[1] with { Signature = " Pytest_MISSING ", Evidence = [new PatternEvidence(Id(4), 8, "again")] });

        var draft = Assert.Single(Synthesize(findings));

        Assert.Equal((DraftKinds.Model, "model|pytest missing", "pytest is not on PATH"), (draft.Origin.Kind, draft.Origin.Signature, draft.Origin.Title));
        Assert.Equal((3, 10, 0), (draft.Origin.Statistics.Sessions, draft.Origin.Statistics.SessionsRead, draft.Origin.Statistics.CounterExamples));
        Assert.Equal(["agent0", "agent1"], draft.Origin.Statistics.Agents);
        Assert.Equal((null, null), (draft.Origin.Statistics.FirstSeen, draft.Origin.Statistics.LastSeen));
        Assert.Equal([(Id(1), 3L), (Id(4), 3L), (Id(9), 3L)], draft.Origin.Evidence.Select(e => (e.SessionId, e.EventIndex)));
        Assert.Equal($"# Environment\n\n{PytestText}\n", draft.Content);
        Assert.Equal("Agents lose time on it. Seen in 3 of 10 sessions across 2 agents.", draft.Rationale);
    }

    [Fact]
    public void Findings_with_different_signatures_but_similar_titles_merge_into_one_draft()
    {
        var findings = Findings("pytest-path", "Pytest is not on PATH here", "/org/environment.md", PytestText, 1, 2)
            .Concat(Findings("no-pytest", "pytest is not on the PATH here", "/org/environment.md", PytestText, 2, 3))
            .Concat(Findings("docker-sudo", "Docker needs sudo", "/org/environment.md", "- Use sudo for docker.", 5))
            .ToList();

        var draft = Assert.Single(Synthesize(findings));

        Assert.Equal(("model|no pytest", 3), (draft.Origin.Signature, draft.Origin.Statistics.Sessions));
        Assert.Equal([Id(1), Id(2), Id(3)], draft.Origin.EvidenceSessionIds);
    }

    [Fact]
    public void An_embedder_merges_titles_that_share_no_words_but_mean_the_same()
    {
        var findings = Findings("docker-sudo", "Docker needs sudo", "/org/environment.md", "- Use sudo for docker.", 1, 3)
            .Concat(Findings("container-root", "Container daemon requires root", "/org/environment.md", "- Use sudo for docker.", 2))
            .ToList();
        var embedder = new KeywordEmbedder(("docker", [1f, 0f]), ("container", [0.96f, 0.28f]));

        Assert.Empty(Synthesize(findings));
        var draft = Assert.Single(Synthesize(findings, embedder: embedder));
        Assert.Equal(("model|container root", 3), (draft.Origin.Signature, draft.Origin.Statistics.Sessions));
    }

    [Fact]
    public void A_one_off_model_finding_yields_nothing()
    {
        Assert.Empty(Synthesize(Findings("pytest-missing", "pytest is not on PATH", "/org/environment.md", PytestText, 6)));
    }

    [Fact]
    public void The_most_common_wording_wins_an_untrusted_member_marks_the_draft_and_evidence_keeps_the_earliest_ten()
    {
        var findings = Findings("pytest-missing", "pytest is not on PATH", "/org/environment.md", PytestText, [.. Enumerable.Range(1, 12)]);
        findings[0] = findings[0] with { Text = "- Something else entirely.", Untrusted = true };
        findings[11] = findings[11] with { TargetPath = "/team/ci.md" };

        var draft = Assert.Single(Synthesize(findings));

        Assert.Equal(("/org/environment.md", true), (draft.Path, draft.Origin.Untrusted));
        Assert.Equal($"# Environment\n\n{PytestText}\n", draft.Content);
        Assert.Equal(Enumerable.Range(1, 10).Select(Id), draft.Origin.EvidenceSessionIds);
        Assert.Equal(12, draft.Origin.Statistics.Sessions);
    }

    [Fact]
    public void A_model_finding_the_store_already_states_yields_nothing()
    {
        var store = new[] { File("mem_01", "/org/testing.md", "# Testing\n- run tests with python -m pytest, pytest is not on path\n") };

        Assert.Empty(Synthesize(Findings("pytest-missing", "pytest is not on PATH", "/org/environment.md", PytestText, 1, 2, 3), store));
    }

    [Fact]
    public void A_target_that_is_not_a_memory_path_falls_back_to_shared_memory()
    {
        var draft = Assert.Single(Synthesize(Findings("pytest-missing", "pytest is not on PATH", "environment.md", PytestText, 1, 2, 3)));

        Assert.Equal(SynthesisOptions.DefaultSharedPath, draft.Path);
    }

    /// <summary>Embeds a text as the vector of the first keyword it contains, else an orthogonal one.</summary>
    private sealed class KeywordEmbedder(params (string Keyword, float[] Vector)[] keywords) : ITextEmbedder
    {
        public int Dimensions => 3;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            [.. texts.Select(text => keywords.FirstOrDefault(k => text.Contains(k.Keyword, StringComparison.OrdinalIgnoreCase)).Vector is { } v ? [.. v, 0f] : new[] { 0f, 0f, 1f })];
    }
}
