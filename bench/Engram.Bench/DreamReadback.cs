using System.Text.RegularExpressions;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Findings;
using Engram.Review;

namespace Engram.Bench;

/// <summary>What a finished dream left behind, as a reviewer would read it: its proposals with their content, and every pattern it considered.</summary>
internal sealed partial record DreamReadback(Dream Dream, IReadOnlyList<ReadProposal> Proposals, IReadOnlyList<ConsideredPattern> Considered, double Seconds)
{
    /// <summary>Proposals per page: the review API's largest.</summary>
    private const int ProposalPage = 100;

    /// <summary>The dream's proposals (by signature, so the report does not depend on id order) and its considered patterns in the order it recorded them.</summary>
    public static async Task<DreamReadback> ReadAsync(EngramEngine engine, Caller caller, Dream dream, double seconds, CancellationToken cancellationToken)
    {
        var proposals = new List<ReadProposal>();
        string? page = null;
        do
        {
            var listed = await engine.Review.ListAsync(caller, dream.StoreId, new ProposalListQuery(Limit: ProposalPage, Page: page, DreamId: dream.Id), cancellationToken);
            foreach (var summary in listed.Data)
            {
                var proposal = (await engine.Review.GetAsync(caller, dream.StoreId, summary.Id, cancellationToken)).Proposal;
                var before = proposal.BaseSha256 is { } sha ? await engine.Storage.GetContentAsync(sha, cancellationToken) : null;
                proposals.Add(new ReadProposal(proposal, proposal.Origin!, AddedLines(proposal.Content, before)));
            }

            page = listed.NextPage;
        }
        while (page is not null);

        var considered = new List<ConsideredPattern>();
        page = null;
        do
        {
            var listed = await engine.Dreams.ListPatternsAsync(caller, dream.Id, DreamService.MaxPatternsPage, page, cancellationToken);
            considered.AddRange(listed.Data);
            page = listed.NextPage;
        }
        while (page is not null);

        return new DreamReadback(dream, [.. proposals.OrderBy(p => p.Origin.Signature, StringComparer.Ordinal)], considered, seconds);
    }

    /// <summary>The proposals <paramref name="matcher"/> names, most widespread first.</summary>
    public IReadOnlyList<ReadProposal> ProposalsOf(IPatternMatcher matcher) =>
        [.. Proposals.Where(p => matcher.Matches(p.Origin.Signature, p.Origin.Title)).OrderByDescending(p => p.Origin.Statistics.Sessions)];

    /// <summary>The considered patterns <paramref name="matcher"/> names, most widespread first.</summary>
    public IReadOnlyList<ConsideredPattern> ConsideredOf(IPatternMatcher matcher) =>
        [.. Considered.Where(p => matcher.Matches(p.Signature, p.Title)).OrderByDescending(p => p.Sessions)];

    /// <summary>
    /// The lines a proposal adds to its file: lines of the new content not in the base, headings and blank lines
    /// left out (for a create, every line that is not a heading or blank). A delete adds none.
    /// </summary>
    private static IReadOnlyList<string> AddedLines(string? content, string? before)
    {
        if (content is null)
        {
            return [];
        }

        var existing = new HashSet<string>(Lines(before ?? ""), StringComparer.Ordinal);
        return [.. Lines(content).Where(line => line.Trim().Length > 0 && !Heading().IsMatch(line) && !existing.Contains(line))];
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(line => line.TrimEnd('\r'));

    [GeneratedRegex(@"\A {0,3}#{1,6}(\s|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();
}

/// <summary>One proposal of a dream, its origin, and the memory lines it adds.</summary>
internal sealed record ReadProposal(Proposal Proposal, DreamOrigin Origin, IReadOnlyList<string> MemoryLines)
{
    /// <summary>The memory lines as one table cell.</summary>
    public string MemoryLine => MemoryLines.Count == 0 ? $"({Proposal.Operation.ToString().ToLowerInvariant()}; adds no line)" : string.Join("<br>", MemoryLines);
}
