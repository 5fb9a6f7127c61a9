using Engram.Access;
using Engram.Dreaming.Dreams;

namespace Engram.Storage;

/// <summary>
/// The dreams port: dreams with their sessions, the per-session analyses and model findings recorded as a run goes
/// (opaque JSON, so a resumed run loses no analysed session), and the candidate patterns a run considered. "Not
/// found" is null. A dream's sessions keep the ordinals given at creation, even when a session is deleted later.
/// </summary>
public interface IDreamStorage : ITransactionalStorage
{
    /// <summary>The dream, or null.</summary>
    Task<Dream?> GetDreamAsync(string dreamId, CancellationToken cancellationToken);

    /// <summary>Dreams matching <paramref name="filter"/>, newest first (created_at, then id), after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<Dream>> ListDreamsAsync(DreamFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The ids of dreams in <paramref name="status"/>, oldest first: what a worker takes up next.</summary>
    Task<IReadOnlyList<string>> ListDreamIdsAsync(DreamStatus status, int limit, CancellationToken cancellationToken);

    /// <summary>A dream's sessions in <paramref name="state"/>, in ordinal order after <paramref name="afterOrdinal"/>.</summary>
    Task<IReadOnlyList<DreamSessionEntry>> ListDreamSessionsAsync(string dreamId, DreamSessionState state, int afterOrdinal, int limit, CancellationToken cancellationToken);

    /// <summary>The candidate patterns a dream recorded (opaque JSON), in the order recorded, after <paramref name="afterOrdinal"/>.</summary>
    Task<IReadOnlyList<DreamPatternEntry>> ListDreamPatternsAsync(string dreamId, int afterOrdinal, int limit, CancellationToken cancellationToken);
}

/// <summary>The dreams port's operations inside one write transaction; "not found" is null.</summary>
public interface IDreamWriter
{
    /// <summary>The dream, or null.</summary>
    Dream? GetDream(string dreamId);

    /// <summary>An unfinished (pending or running) <c>update_existing</c> dream that writes <paramref name="storeId"/>, or null.</summary>
    Dream? FindUnfinishedDreamWriting(string storeId);

    /// <summary>Adds a dream with its sessions, numbered from 0 in the order given.</summary>
    void InsertDream(Dream dream, IReadOnlyList<string> sessionIds);

    /// <summary>Replaces a dream's mutable fields: status, output store, usage, error, progress, ended and archived times.</summary>
    void UpdateDream(Dream dream);

    /// <summary>
    /// Records the signal-pass analysis of those of the sessions not analysed yet, and returns how many that was: a
    /// second runner on the same dream (a resume while the first still runs) records nothing twice.
    /// </summary>
    int RecordDreamAnalyses(string dreamId, IReadOnlyList<DreamSessionAnalysis> analyses);

    /// <summary>Records what a model reported for those of the sessions without findings yet (an empty list when it reported nothing).</summary>
    void RecordDreamFindings(string dreamId, IReadOnlyList<DreamSessionFindings> findings);

    /// <summary>Replaces the candidate patterns a dream considered (opaque JSON each, numbered from 0 in the order given).</summary>
    void RecordDreamPatterns(string dreamId, IReadOnlyList<string> patterns);

    /// <summary>
    /// Takes the oldest claimable dream for <paramref name="workerId"/> until <paramref name="leaseUntil"/>, and returns it
    /// as it was (pending or running), or null when there is none. Claimable: pending or running, with no lease or a
    /// lease that ended at or before <paramref name="now"/>. Atomic across every node on the database: two claims never
    /// take the same dream while its lease runs.
    /// </summary>
    Dream? ClaimNextDream(string workerId, DateTimeOffset now, DateTimeOffset leaseUntil);

    /// <summary>
    /// Takes the dream for <paramref name="workerId"/> until <paramref name="leaseUntil"/> if it is claimable (as for
    /// <see cref="ClaimNextDream"/>), and returns it as it was; null when it is not (finished, unknown, or held by a
    /// lease that runs past <paramref name="now"/>). A foreground run takes its dream this way.
    /// </summary>
    Dream? ClaimDream(string dreamId, string workerId, DateTimeOffset now, DateTimeOffset leaseUntil);

    /// <summary>
    /// Extends the lease <paramref name="workerId"/> holds on the dream to <paramref name="leaseUntil"/>; false when it no
    /// longer holds it (another worker claimed it, or it was released). The dream's status is not looked at.
    /// </summary>
    bool RenewDreamLease(string dreamId, string workerId, DateTimeOffset leaseUntil);

    /// <summary>Ends the lease <paramref name="workerId"/> holds on the dream, so another worker may claim it at once; false when it held none.</summary>
    bool ReleaseDreamLease(string dreamId, string workerId);

    /// <summary>Who holds a lease on the dream and until when (possibly already past), or null when no worker claimed it or its lease was released.</summary>
    DreamLease? GetDreamLease(string dreamId);
}

/// <summary>A worker's lease on a dream: the worker (unique per process) and when the lease ends unless renewed.</summary>
/// <param name="Holder">The worker's id.</param>
/// <param name="Until">When it ends.</param>
public sealed record DreamLease(string Holder, DateTimeOffset Until);

/// <summary>One candidate pattern a dream recorded: its position and its opaque JSON.</summary>
public sealed record DreamPatternEntry(int Ordinal, string Pattern);

/// <summary>Which dreams a listing includes; null fields do not filter.</summary>
/// <param name="Statuses">Only these statuses.</param>
/// <param name="IncludeArchived">Include archived dreams.</param>
/// <param name="CreatedAfter">created_at strictly after.</param>
/// <param name="CreatedBefore">created_at strictly before.</param>
/// <param name="CreatedBy">Only dreams this actor created.</param>
public sealed record DreamFilter(
    IReadOnlyList<DreamStatus>? Statuses, bool IncludeArchived, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore, Actor? CreatedBy);

/// <summary>Which of a dream's sessions a listing returns.</summary>
public enum DreamSessionState
{
    /// <summary>Not analysed yet.</summary>
    Unanalyzed,
    /// <summary>Analysed (with or without model findings).</summary>
    Analyzed,
    /// <summary>Analysed, with signals, and not yet read by a model.</summary>
    AwaitingModel,
}

/// <summary>One session of a dream as the runner reads it.</summary>
/// <param name="Ordinal">Its position in the dream (0-based).</param>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">Its agent, or null when the session was deleted since the dream was created.</param>
/// <param name="StartedAt">When its transcript says it started; null when it does not say, or the session was deleted.</param>
/// <param name="Analysis">The recorded analysis (opaque JSON), or null.</param>
/// <param name="Findings">The recorded model findings (opaque JSON), or null.</param>
public sealed record DreamSessionEntry(int Ordinal, string SessionId, string? Agent, DateTimeOffset? StartedAt, string? Analysis, string? Findings)
{
    /// <summary>When the session was recorded (imported or registered); for a session still to be analysed.</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>The project its transcript names, when it names one; for a session still to be analysed.</summary>
    public string? Project { get; init; }
}

/// <summary>A session's signal-pass analysis, to record.</summary>
/// <param name="Ordinal">The session's position in the dream.</param>
/// <param name="Analysis">Opaque JSON.</param>
/// <param name="Signals">How many signals it holds (the model reads only sessions with some).</param>
public sealed record DreamSessionAnalysis(int Ordinal, string Analysis, int Signals);

/// <summary>A session's model findings, to record.</summary>
/// <param name="Ordinal">The session's position in the dream.</param>
/// <param name="Findings">Opaque JSON.</param>
public sealed record DreamSessionFindings(int Ordinal, string Findings);
