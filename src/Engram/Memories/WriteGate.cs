using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;

namespace Engram.Memories;

/// <summary>What the <see cref="WriteGate"/> answers for one operation.</summary>
internal enum WriteVerdict
{
    /// <summary>The caller may do it: write.</summary>
    Write,
    /// <summary>The caller may only propose it: file a proposal, write nothing.</summary>
    Propose,
    /// <summary>Neither: refuse with <see cref="WriteDecision.Refusal"/>.</summary>
    Refuse,
}

/// <summary>The gate's answer, with the error to give when it refuses.</summary>
internal readonly record struct WriteDecision(WriteVerdict Verdict, EngramException? Refusal = null)
{
    public static readonly WriteDecision Write = new(WriteVerdict.Write);

    public static readonly WriteDecision Propose = new(WriteVerdict.Propose);
}

/// <summary>One path an operation writes, and the capability it needs there.</summary>
internal readonly record struct GatedPath(string Path, Capability Wanted);

/// <summary>
/// One operation as the gate sees it: the memory it acts on (<see cref="Subject"/>), the other paths it writes
/// (<see cref="Also"/>: a rename's destination, the memories a merge retires), and how a refusal reads.
/// </summary>
internal sealed record WriteIntent(GatedPath Subject, IReadOnlyList<GatedPath> Also, string NotFoundKind, string Target)
{
    /// <summary>
    /// Whether a refusal where the caller may not read the subject's path answers "not found" (it must not learn the
    /// path is used). False for a create, whose answer depends on the path alone, and for reports that name the path anyway.
    /// </summary>
    public bool ConcealsUnreadable { get; init; } = true;

    /// <summary>Whether a caller with propose on every path files a proposal instead of being refused (not for review or redaction).</summary>
    public bool Proposable { get; init; } = true;

    /// <summary>Whether it puts content in the store (create, update, rename, revert, apply), which an archived store refuses.</summary>
    public bool AddsContent { get; init; } = true;

    /// <summary>How the paths read in the permission error (a rename: <c>/a -> /b</c>).</summary>
    public string? Display { get; init; }

    /// <summary>
    /// True when a refusal on one of <see cref="Also"/> names that path alone (a review: "which proposal P also changes"),
    /// false when it names the whole operation with every capability it needs (a rename: "update or create /a -> /b").
    /// </summary>
    public bool RefusesEachPath { get; init; }

    public static WriteIntent Create(string path) =>
        new(new GatedPath(path, Capability.Create), [], "memory at path", path) { ConcealsUnreadable = false };

    public static WriteIntent Update(string path, string memoryId) => new(new GatedPath(path, Capability.Update), [], "memory", memoryId);

    public static WriteIntent Rename(string from, string to, string memoryId) =>
        new(new GatedPath(from, Capability.Update), [new GatedPath(to, Capability.Create)], "memory", memoryId) { Display = $"{from} -> {to}" };

    public static WriteIntent Delete(string path, string memoryId) =>
        new(new GatedPath(path, Capability.Delete), [], "memory", memoryId) { AddsContent = false };

    /// <summary>A revert that brings a deleted memory back at the path its version recorded: a create, refused as not found where unreadable.</summary>
    public static WriteIntent Restore(string path, string memoryId) => new(new GatedPath(path, Capability.Create), [], "memory", memoryId);

    public static WriteIntent Redact(string path, string versionId) =>
        new(new GatedPath(path, Capability.Redact), [], "memory_version", versionId) { Proposable = false, AddsContent = false };

    /// <summary>Deciding a proposal: review on its path and on every other path it writes. Accepting adds content; rejecting does not.</summary>
    public static WriteIntent Review(string path, IEnumerable<string> touched, string proposalId, bool accepting) =>
        new(new GatedPath(path, Capability.Review), [.. touched.Select(p => new GatedPath(p, Capability.Review))], "proposal", proposalId)
        {
            Proposable = false, AddsContent = accepting, RefusesEachPath = true,
        };
}

/// <summary>
/// The one place that decides, for a caller, whether an operation on memories writes, becomes a proposal, or is
/// refused. Every write a caller makes asks it: memory create, update and rename, delete, revert and restore,
/// redaction, proposal accept and reject, and dream revert (through Review's operations); the memory tool, sync and the
/// CLI through the client, which reaches the same service. A dream's own output does not: it applies as the dream's
/// creator, whose right to write the store was decided when the dream was created (DreamService's validation). The
/// rules, in order:
/// <list type="number">
/// <item>With the wanted capability on every path, it writes; unless it adds content to an archived store.</item>
/// <item>With propose (and no more) on every path, it becomes a proposal; unless the store is archived. Archived means
/// no proposal is filed for any operation a proposer tries: nothing could accept one (accepting writes, and an archived store takes no
/// content). The refusal is then the archived-store error, as for every other archived refusal (a delete proposed in an
/// archived store used to answer "permission denied" instead: the one place the rule differed).</item>
/// <item>Otherwise refused: not found when the caller may not read the memory's path (it must not learn the path is
/// used; a create's target is never "not found", its answer depends on the path alone), else permission denied, naming
/// what it lacks.</item>
/// </list>
/// Callers that must refuse an unreadable memory before anything else (before a precondition or a no-op is looked at)
/// check readability first, as reads do, and ask the gate after.
/// </summary>
internal static class WriteGate
{
    public static WriteDecision Decide(Caller caller, PolicySet rules, MemoryStore store, WriteIntent intent)
    {
        var subject = rules.Evaluate(caller, store.Id, intent.Subject.Path);
        var also = intent.Also.Select(path => (path, Allowed: rules.Evaluate(caller, store.Id, path.Path))).ToList();
        if (Has(subject, intent.Subject.Wanted) && also.All(other => Has(other.Allowed, other.path.Wanted)))
        {
            return intent.AddsContent && store.IsArchived ? Refuse(Archived(store)) : WriteDecision.Write;
        }

        if (intent.Proposable && Has(subject, Capability.Propose) && also.All(other => Has(other.Allowed, Capability.Propose)))
        {
            return store.IsArchived ? Refuse(Archived(store)) : WriteDecision.Propose;
        }

        if (intent.ConcealsUnreadable && (subject & Capability.Read) == 0)
        {
            return Refuse(new NotFoundException(intent.NotFoundKind, intent.Target));
        }

        if (!intent.RefusesEachPath || !Has(subject, intent.Subject.Wanted))
        {
            var wanted = intent.Also.Aggregate(intent.Subject.Wanted, (all, other) => all | other.Wanted);
            return Refuse(new PermissionDeniedException($"you may not {Describe(wanted)} {intent.Display ?? intent.Subject.Path} in store {store.Id}"));
        }

        var (refused, allowed) = also.First(other => !Has(other.Allowed, other.path.Wanted));
        return Refuse((allowed & Capability.Read) == 0
            ? new NotFoundException(intent.NotFoundKind, intent.Target)
            : new PermissionDeniedException($"you may not {Describe(refused.Wanted)} {refused.Path} in store {store.Id}, which {intent.NotFoundKind} {intent.Target} also changes"));
    }

    /// <summary>
    /// Refuses a store that takes no new content. Operations that add content ask it before anything else (before
    /// looking the memory up), so an archived store answers the same whatever the caller names in it.
    /// </summary>
    public static MemoryStore RequireOpen(MemoryStore store) => store.IsArchived ? throw Archived(store) : store;

    private static InvalidStateException Archived(MemoryStore store) =>
        InvalidStateException.StoreArchived(store.Id, "its memories can be read, deleted and redacted, but not created or updated");

    private static bool Has(Capability allowed, Capability wanted) => (allowed & wanted) == wanted;

    private static WriteDecision Refuse(EngramException error) => new(WriteVerdict.Refuse, error);

    private static string Describe(Capability wanted) => string.Join(" or ", Capabilities.Format(wanted));
}
