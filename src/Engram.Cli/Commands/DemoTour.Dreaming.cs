using System.Globalization;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Sessions;

namespace Engram.Cli.Commands;

internal sealed partial class DemoTour
{
    /// <summary>Imports the bundled example transcripts and dreams over them with the rule-based analyzers.</summary>
    private async Task<Dream> DreamAsync(MemoryStore store, CancellationToken ct)
    {
        // Imported as `engram sessions import` imports them: each file's session object names its agent.
        var folder = ExampleTranscripts.WriteTo(Path.Combine(data.Root, "example-transcripts"));
        var sessions = (await new TranscriptImporter(_alice).ImportAsync(folder, new ImportOptions(), null, ct)).SessionIds;
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in sessions)
        {
            agents.Add((await _alice.GetSessionAsync(id, ct)).Agent);
        }

        Say($"imported {sessions.Count} example transcripts of {agents.Count} agents ({string.Join(", ", agents)}) from {folder}");
        var created = await _alice.CreateDreamAsync(new CreateDreamRequest(store.Id, new SessionSelection([.. sessions]), new DreamModel("rules")), ct);
        var dream = await _alice.RunDreamAsync(created.Id, null, ct);
        Say($"dream {dream.Id} read {dream.Progress.SessionsAnalyzed} of {dream.Progress.SessionsTotal} sessions with the rule-based analyzers (no model configured: no tokens spent)");
        Say($"it filed {dream.Progress.Proposals} proposals for review and wrote its result to a new store {dream.OutputStoreId}; {store.Name} itself is unchanged");
        return dream;
    }

    /// <summary>Shows the dream's proposals with their evidence, accepts the one users asked for, and shows the version's provenance.</summary>
    private async Task ReviewDreamAsync(MemoryStore store, Dream dream, CancellationToken ct)
    {
        var proposals = (await _alice.ListProposalsAsync(store.Id, new ProposalListQuery(ProposalStatus.Pending, 20, DreamId: dream.Id), ct)).Data;
        foreach (var p in proposals)
        {
            var origin = p.Origin!;
            var stats = origin.Statistics;
            Say($"{p.Id}  {origin.Kind}: {origin.Title}");
            Say(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Operation.ToString().ToLowerInvariant()} {p.Path}; seen in {stats.Sessions} of {stats.SessionsRead} sessions across {stats.Agents.Count} agent(s){(origin.Untrusted ? "; UNTRUSTED: its wording quotes tool output" : "")}"));
            // The lines it would add, as the diff shows them: guidance for the next agent, the statistics kept out.
            var review = await _alice.GetProposalAsync(store.Id, p.Id, ct);
            foreach (var added in review.Diff.Split('\n').Where(l => l.StartsWith("+- ", StringComparison.Ordinal)))
            {
                Say($"  proposes {added[1..]}");
            }

            foreach (var evidence in origin.Evidence.Take(2))
            {
                Say($"  evidence {evidence.SessionId} event {evidence.EventIndex}: \"{evidence.Quote}\"");
            }
        }

        var chosen = proposals.FirstOrDefault(p => p.Origin!.Kind == "user_correction") ?? proposals.FirstOrDefault(p => !p.Origin!.Untrusted);
        if (chosen is null)
        {
            return;
        }

        var accepted = await _alice.AcceptProposalAsync(store.Id, chosen.Id, "the team agreed", ct);
        var version = await _alice.GetVersionAsync(store.Id, accepted.AppliedVersionId!, MemoryView.Full, ct);
        Say($"alice accepts {chosen.Id}: {chosen.Path} is now version {version.Id}");
        Say($"  written by {Format.Actor(version.CreatedBy)}, reviewed by {Format.Actor(version.ReviewedBy)}");
        Say($"  from dream {version.DreamId}, proposal {version.ProposalId}; evidence sessions {string.Join(", ", version.EvidenceSessionIds ?? [])}");
        foreach (var line in version.Content!.TrimEnd('\n').Split('\n'))
        {
            Say($"  | {line}");
        }
    }
}
