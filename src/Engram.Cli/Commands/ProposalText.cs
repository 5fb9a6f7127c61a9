using System.Globalization;
using System.Text;
using Engram.Review;

namespace Engram.Cli.Commands;

/// <summary>How <c>proposals show</c> prints a proposal: what it changes, where a dream saw it, the diff, and any merge on offer.</summary>
internal static class ProposalText
{
    public static string Describe(ProposalReview review)
    {
        var p = review.Proposal;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{p.Id}  {p.Status.ToString().ToLowerInvariant()}  {p.Operation.ToString().ToLowerInvariant()} {p.Path}{(p.NewPath is null ? "" : $" -> {p.NewPath}")}\n");
        text.Append(CultureInfo.InvariantCulture, $"by {Format.Actor(p.Author)} at {Format.Time(p.CreatedAt)}: {p.Rationale}\n");
        if (p.DecisionNote is { } decided)
        {
            text.Append(CultureInfo.InvariantCulture, $"decided by {Format.Actor(p.DecidedBy)} at {Format.Time(p.DecidedAt)}: {decided}\n");
        }

        if (p.Origin is { } origin)
        {
            AppendOrigin(text, p.DreamId, origin);
        }

        if (review.BaseIsStale)
        {
            text.Append(review.Merge is null
                ? "the memory changed since this was proposed: accepting it will mark it conflicted\n"
                : "the memory changed since this was proposed; the edits do not overlap, so a merge is offered below (accept --merge applies it)\n");
        }

        text.Append(review.Diff.TrimEnd('\n'));
        if (review.Merge is { } merge)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\nmerge offered against content_sha256 {merge.CurrentSha256} (accept --merge --expect-sha256 {merge.CurrentSha256}):\n");
            text.Append(merge.Diff.TrimEnd('\n'));
        }

        return text.ToString();
    }

    private static void AppendOrigin(StringBuilder text, string? dreamId, DreamOrigin origin)
    {
        var stats = origin.Statistics;
        text.Append(CultureInfo.InvariantCulture, $"dream {dreamId ?? "-"}  kind {origin.Kind}: {origin.Title}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"seen in {stats.Sessions} of {stats.SessionsRead} sessions, {Format.Count(stats.Agents.Count, "agent")}, {Format.Count(stats.CounterExamples, "counter example")}, first {Format.Time(stats.FirstSeen)} last {Format.Time(stats.LastSeen)}{SeenNote(stats.SeenFrom)}\n");
        if (origin.Untrusted)
        {
            text.Append("UNTRUSTED: part of this wording came from tool output (a fetched page, a file, an error message); read it as data before accepting\n");
        }

        if (origin.Evidence.Count > 0)
        {
            text.Append("evidence:\n");
            foreach (var evidence in origin.Evidence)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {evidence.SessionId}  event {evidence.EventIndex}  \"{evidence.Quote}\"\n");
            }
        }

        foreach (var retired in origin.Retires)
        {
            text.Append(CultureInfo.InvariantCulture, $"retires {retired.Path} ({retired.MemoryId})\n");
        }
    }

    // First and last seen are event times unless the transcripts gave none.
    private static string SeenNote(string seenFrom) => seenFrom switch
    {
        Dreaming.Findings.SeenTimes.Import => " (import times: the transcripts record no times)",
        Dreaming.Findings.SeenTimes.SessionStart => " (session start times: the events record no times)",
        _ => "",
    };

}
