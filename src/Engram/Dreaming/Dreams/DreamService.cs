using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// Dreams as the Dreams API sees them: create (validated, its sessions resolved and recorded with it in one
/// write), retrieve, list, cancel, archive, and the dry run. A dream is visible to its creator and to admins;
/// to anyone else it does not exist. <see cref="DreamRunner"/> does the work; <see cref="DreamWorker"/> runs it.
/// </summary>
internal sealed partial class DreamService
{
    private readonly IDreamStorage _storage;
    private readonly ISessionStorage _sessionStorage;
    private readonly IMemoryStorage _memoryStorage;
    private readonly TimeProvider _time;
    private readonly IIdGenerator _ids;
    private readonly PolicyStore _policies;
    private readonly AuditTrail _audit;
    private readonly DreamOptions _options;

    internal DreamService(IDreamStorage storage, ISessionStorage sessionStorage, IMemoryStorage memoryStorage, TimeProvider time, IIdGenerator ids, PolicyStore policies, AuditTrail audit, DreamOptions options, DreamWakeup wakeup)
    {
        _storage = storage;
        _sessionStorage = sessionStorage;
        _memoryStorage = memoryStorage;
        _time = time;
        _ids = ids;
        _policies = policies;
        _audit = audit;
        _options = options;
        Wakeup = wakeup;
    }

    /// <summary>Notified whenever a dream is created here, so a worker in this process starts it at once.</summary>
    internal DreamWakeup Wakeup { get; }

    /// <summary>Creates a pending dream over the store and the resolved sessions; a worker (or <see cref="DreamRunner"/>) runs it.</summary>
    /// <exception cref="DreamStoreHeldException">It would <c>update_existing</c> a store another unfinished dream writes.</exception>
    public async Task<Dream> CreateAsync(Caller caller, CreateDreamRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(caller, request, cancellationToken).ConfigureAwait(false);
        var dream = await _storage.WriteAsync(tx =>
        {
            // The hold is checked in the same unit that records the dream: two creates cannot both pass it.
            if (prepared.OutputBehavior == DreamOutputBehavior.UpdateExisting && tx.FindUnfinishedDreamWriting(prepared.Store.Id) is { } holder)
            {
                throw new DreamStoreHeldException(prepared.Store.Id, holder.Id);
            }

            var dream = new Dream(
                _ids.NewId(IdPrefix.Dream), DreamStatus.Pending, prepared.Store.Id, request.Selection, prepared.Instructions, prepared.Model,
                prepared.OutputBehavior, null, DreamUsage.None, null, DreamProgress.NotStarted with { SessionsTotal = prepared.SessionIds.Count },
                caller.Actor, _time.UtcNowMicroseconds(), null, null)
            {
                ApiKeyId = caller.ApiKeyId,
            };
            tx.InsertDream(dream, prepared.SessionIds);
            _audit.Record(tx, caller, "dream.create", dream.StoreId, dream.Id,
                $"{prepared.SessionIds.Count} sessions; {(dream.OutputBehavior == DreamOutputBehavior.UpdateExisting ? "update_existing" : "create_new")}; model {dream.Model.Id}");
            return dream;
        }, cancellationToken).ConfigureAwait(false);
        Wakeup.Notify();
        return dream;
    }

    /// <summary>The dream, if the caller created it or is an admin.</summary>
    public async Task<Dream> GetAsync(Caller caller, string dreamId, CancellationToken cancellationToken)
    {
        var dream = await _storage.GetDreamAsync(dreamId, cancellationToken).ConfigureAwait(false);
        return dream is not null && MaySee(caller, dream) ? dream : throw new NotFoundException("dream", dreamId);
    }

    /// <summary>Largest page of considered patterns.</summary>
    public const int MaxPatternsPage = 1_000;

    /// <summary>A page of the candidate patterns a dream the caller may see considered: proposed first, then the most widespread dropped, each with the rule that decided it.</summary>
    public async Task<Page<Findings.ConsideredPattern>> ListPatternsAsync(Caller caller, string dreamId, int? limit, string? page, CancellationToken cancellationToken)
    {
        await GetAsync(caller, dreamId, cancellationToken).ConfigureAwait(false);
        var size = ListLimits.Resolve(limit, max: MaxPatternsPage);
        var from = PageToken.ParseIndex(page);
        var rows = await _storage.ListDreamPatternsAsync(dreamId, (int)Math.Min(from, int.MaxValue) - 1, size + 1, cancellationToken).ConfigureAwait(false);
        var patterns = rows.Take(size).Select(row => DreamJson.Read<Findings.ConsideredPattern>(row.Pattern)).ToList();
        return new Page<Findings.ConsideredPattern>(patterns, rows.Count > size ? PageToken.For(rows[size].Ordinal) : null);
    }

    /// <summary>The dreams the caller may see, newest first; archived ones only when asked for.</summary>
    public async Task<Page<Dream>> ListAsync(Caller caller, DreamListQuery query, CancellationToken cancellationToken)
    {
        var limit = ListLimits.Resolve(query.Limit);
        var after = PageToken.ParseTimeId(query.Page);
        if (query.Statuses is { } statuses && statuses.Any(s => !Enum.IsDefined(s)))
        {
            throw new InvalidRequestException("statuses", "each must be pending, running, completed, failed or canceled");
        }

        var filter = new DreamFilter(query.Statuses, query.IncludeArchived, query.CreatedAfter, query.CreatedBefore, caller.IsAdmin ? null : caller.Actor);
        var rows = await _storage.ListDreamsAsync(filter, after, limit + 1, cancellationToken).ConfigureAwait(false);
        return rows.Count > limit
            ? new Page<Dream>(rows.Take(limit).ToList(), PageToken.For(new TimeIdCursor(rows[limit - 1].CreatedAt, rows[limit - 1].Id)))
            : new Page<Dream>(rows, null);
    }

    /// <summary>Stops a pending or running dream: it ends canceled, and a running one writes no proposals and no output.</summary>
    public Task<Dream> CancelAsync(Caller caller, string dreamId, CancellationToken cancellationToken) =>
        _storage.WriteAsync(tx =>
        {
            var dream = Visible(tx, caller, dreamId);
            if (dream.Status == DreamStatus.Canceled)
            {
                return dream; // as the hosted API: canceling a canceled dream returns it unchanged
            }

            if (!dream.IsUnfinished)
            {
                throw new InvalidStateException($"dream {dreamId} is {Name(dream.Status)}; only a pending or running dream can be canceled");
            }

            var canceled = dream with { Status = DreamStatus.Canceled, EndedAt = _time.UtcNowMicroseconds() };
            tx.UpdateDream(canceled);
            _audit.Record(tx, caller, "dream.cancel", dream.StoreId, dreamId, $"was {Name(dream.Status)}");
            return canceled;
        }, cancellationToken);

    /// <summary>Hides a finished dream from the default list; archiving it again changes nothing.</summary>
    public Task<Dream> ArchiveAsync(Caller caller, string dreamId, CancellationToken cancellationToken) =>
        _storage.WriteAsync(tx =>
        {
            var dream = Visible(tx, caller, dreamId);
            if (dream.IsUnfinished)
            {
                throw new InvalidStateException($"dream {dreamId} is {Name(dream.Status)}; only a completed, failed or canceled dream can be archived (cancel it first)");
            }

            if (dream.ArchivedAt is not null)
            {
                return dream;
            }

            var archived = dream with { ArchivedAt = _time.UtcNowMicroseconds() };
            tx.UpdateDream(archived);
            _audit.Record(tx, caller, "dream.archive", dream.StoreId, dreamId);
            return archived;
        }, cancellationToken);

    /// <summary>A dream is visible to whoever created it and to admins.</summary>
    internal static bool MaySee(Caller caller, Dream dream) => caller.IsAdmin || dream.CreatedBy == caller.Actor;

    /// <summary>The wire name of a status.</summary>
    internal static string Name(DreamStatus status) => DreamStatusNames.Of(status);

    private static Dream Visible(IStorageWriter tx, Caller caller, string dreamId) =>
        tx.GetDream(dreamId) is { } dream && MaySee(caller, dream) ? dream : throw new NotFoundException("dream", dreamId);
}
