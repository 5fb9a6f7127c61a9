using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>A synthesizer whose drafts a test states, counting its calls.</summary>
internal sealed class ScriptedSynthesizer(Func<SynthesisInput, IReadOnlyList<DraftProposal>> drafts) : IDreamSynthesizer
{
    private int _calls;

    public int Calls => _calls;

    public SynthesisInput? LastInput { get; private set; }

    public SynthesisResult Synthesize(SynthesisInput input)
    {
        Interlocked.Increment(ref _calls);
        LastInput = input;
        return new SynthesisResult(drafts(input), []);
    }

    public static DraftProposal Create(string path, string line, string signature, bool untrusted) =>
        new(ProposalOperation.Create, path, null, null, null, $"# new\n{line}\n", $"because {signature}", Origin(signature, untrusted));

    public static DraftProposal Modify(StoreFile file, string line, string signature, bool untrusted) =>
        new(ProposalOperation.Modify, file.Path, file.MemoryId, file.ContentSha256, null, file.Content + line + "\n", $"because {signature}", Origin(signature, untrusted));

    private static DreamOrigin Origin(string signature, bool untrusted) =>
        new("model", signature, signature, new ProposalStatistics(1, 1, ["agent"], null, null, 0), [new PatternEvidence("sesn_x", 0, "quote")], untrusted, []);
}
