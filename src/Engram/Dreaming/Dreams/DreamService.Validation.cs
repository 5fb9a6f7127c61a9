using System.Globalization;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamService
{
    /// <summary>Sessions one dream may read: thousands are the point, but one dream's rows must stay a reasonable write.</summary>
    public const int MaxSessionsPerDream = 100_000;

    /// <summary>The hosted API's limit on instructions.</summary>
    public const int MaxInstructionsCharacters = 4_096;

    /// <summary>Longest model id accepted.</summary>
    public const int MaxModelIdCharacters = 256;

    /// <summary>The only speed the hosted API knows (the SDK: "Always <c>standard</c>").</summary>
    public const string StandardSpeed = "standard";

    /// <summary>Sessions per page when resolving a filter.</summary>
    private const int SessionsPerPage = 1_000;

    private const string StoreField = "inputs[0].memory_store_id";
    private const string SessionsField = "inputs[1]";

    /// <summary>A create request checked at the boundary, with its sessions resolved in reading order.</summary>
    private sealed record PreparedDream(MemoryStore Store, string? Instructions, DreamModel Model, DreamOutputBehavior OutputBehavior, IReadOnlyList<string> SessionIds);

    /// <summary>Checks every field, the caller's access to the store, and resolves the sessions; writes nothing.</summary>
    private async Task<PreparedDream> PrepareAsync(Caller caller, CreateDreamRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var storeId = IdPrefix.Matches(request.StoreId, IdPrefix.MemoryStore)
            ? request.StoreId
            : throw new InvalidRequestException(StoreField, $"must be a store id (memstore_...) (got \"{request.StoreId}\")");
        var instructions = ValidateInstructions(request.Instructions);
        var model = ValidateModel(request.Model);
        var output = ValidateOutput(request);
        var selection = request.Selection ?? throw new InvalidRequestException(SessionsField, "is required: a sessions input with session ids or a filter");
        var ids = ValidateSessionIds(selection.SessionIds ?? []);
        if (ids.Count == 0 && !selection.HasFilter)
        {
            throw new InvalidRequestException($"{SessionsField}.session_ids", "must name at least one session (or give a filter; an empty filter chooses every session)");
        }

        var agent = selection.Agent is null ? null : AccessService.ValidateAgent(selection.Agent, $"{SessionsField}.filter.agent");
        if (selection.AttachedStoreId is { } attached && !IdPrefix.Matches(attached, IdPrefix.MemoryStore))
        {
            throw new InvalidRequestException($"{SessionsField}.filter.memory_store_id", $"must be a store id (memstore_...) (got \"{attached}\")");
        }

        var rules = await _policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var store = await _memoryStorage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (store is null || !rules.GrantsAnything(caller, storeId))
        {
            throw new NotFoundException("memory_store", storeId);
        }

        await CheckMayWriteAsync(caller, rules, store, output, cancellationToken).ConfigureAwait(false);
        var sessions = await ResolveSessionsAsync(caller, ids, selection.HasFilter ? new SessionFilter(selection.Since, agent, selection.AttachedStoreId) : null, cancellationToken).ConfigureAwait(false);
        return new PreparedDream(store, instructions, model, output, sessions);
    }

    private static string? ValidateInstructions(string? instructions) =>
        instructions switch
        {
            null => null,
            "" => throw new InvalidRequestException("instructions", $"must be 1 to {MaxInstructionsCharacters:N0} characters, or null"),
            _ => UnicodeTextRules.Bounded(instructions, "instructions", MaxInstructionsCharacters),
        };

    private static DreamModel ValidateModel(DreamModel? model)
    {
        if (model is null)
        {
            throw new InvalidRequestException("model", "is required: a model id, or {id, speed}");
        }

        if (string.IsNullOrEmpty(model.Id) || UnicodeText.FindForbiddenCharacter(model.Id) is not null)
        {
            throw new InvalidRequestException("model.id", $"must be 1 to {MaxModelIdCharacters} printable characters");
        }

        UnicodeTextRules.Bounded(model.Id, "model.id", MaxModelIdCharacters);
        return model.Speed == StandardSpeed
            ? model
            : throw new InvalidRequestException("model.speed", $"must be \"{StandardSpeed}\" (got \"{model.Speed}\")");
    }

    private static DreamOutputBehavior ValidateOutput(CreateDreamRequest request) =>
        request.OutputBehavior switch
        {
            DreamOutputBehavior.CreateNew when request.UpdateStoreId is not null =>
                throw new InvalidRequestException("output_behavior.memory_store_id", "is only given with update_existing"),
            DreamOutputBehavior.CreateNew => DreamOutputBehavior.CreateNew,
            DreamOutputBehavior.UpdateExisting when request.UpdateStoreId != request.StoreId =>
                throw new InvalidRequestException("output_behavior.memory_store_id", $"must equal {StoreField} (\"{request.StoreId}\") for update_existing (got \"{request.UpdateStoreId}\")"),
            DreamOutputBehavior.UpdateExisting => DreamOutputBehavior.UpdateExisting,
            _ => throw new InvalidRequestException("output_behavior.type", "must be create_new or update_existing"),
        };

    private static IReadOnlyList<string> ValidateSessionIds(IReadOnlyList<string> ids)
    {
        if (ids.Count > MaxSessionsPerDream)
        {
            throw new InvalidRequestException($"{SessionsField}.session_ids", $"names {ids.Count:N0} sessions; a dream reads at most {MaxSessionsPerDream:N0}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!IdPrefix.Matches(ids[i], IdPrefix.Session))
            {
                throw new InvalidRequestException($"{SessionsField}.session_ids[{i}]", $"must be a session id (sesn_...) (got \"{ids[i]}\")");
            }

            // A repeat is a mistake in the list (a copy, a bad join): refused like any bad input, not quietly dropped.
            if (!seen.Add(ids[i]))
            {
                throw new InvalidRequestException($"{SessionsField}.session_ids[{i}]", $"repeats {ids[i]}; list each session once");
            }
        }

        return ids;
    }

    /// <summary>
    /// A dream writes a new store (which agent sessions may not create) or, for <c>update_existing</c>, the input
    /// store, which the caller must be able to write or at least propose to, and which must not be archived.
    /// </summary>
    private async Task CheckMayWriteAsync(Caller caller, PolicySet rules, MemoryStore store, DreamOutputBehavior output, CancellationToken cancellationToken)
    {
        string? refusal = null;
        if (output == DreamOutputBehavior.CreateNew && caller.Session is not null)
        {
            refusal = "agent sessions cannot create stores, and a create_new dream creates one; use update_existing, or start the dream as a person or service account";
        }
        else if (output == DreamOutputBehavior.UpdateExisting
            && (rules.Evaluate(caller, store.Id, "/") & (Capability.Create | Capability.Update | Capability.Propose)) == 0)
        {
            refusal = $"you may not write or propose changes in store {store.Id}, so a dream may not update it for you";
        }

        if (refusal is not null)
        {
            await _audit.DeniedAsync(caller, "dream.create", store.Id, store.Id, refusal, cancellationToken).ConfigureAwait(false);
            throw new PermissionDeniedException(refusal);
        }

        if (output == DreamOutputBehavior.UpdateExisting && store.IsArchived)
        {
            throw InvalidStateException.StoreArchived(store.Id, "a dream can read it, but not update it (use create_new)");
        }
    }

    /// <summary>
    /// The sessions named by id (each must exist and be visible to the caller) together with the visible sessions with
    /// a transcript that the filter selects, once each, in the order they were recorded.
    /// </summary>
    private async Task<IReadOnlyList<string>> ResolveSessionsAsync(Caller caller, IReadOnlyList<string> ids, SessionFilter? filter, CancellationToken cancellationToken)
    {
        var chosen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            var found = (await _sessionStorage.FindSessionsAsync(ids, cancellationToken).ConfigureAwait(false))
                .Where(s => AccessService.MaySee(caller, s))
                .ToDictionary(s => s.Id, StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                // Unknown and invisible look the same: the caller learns nothing about sessions it may not see.
                chosen[ids[i]] = found.TryGetValue(ids[i], out var session)
                    ? session.CreatedAt
                    : throw new InvalidRequestException($"{SessionsField}.session_ids[{i}]", $"session {ids[i]} was not found");
            }
        }

        if (filter is not null)
        {
            TimeIdCursor? after = null;
            while (true)
            {
                var page = await _sessionStorage.ListTranscriptSessionsAsync(filter, after, SessionsPerPage, cancellationToken).ConfigureAwait(false);
                foreach (var session in page.Where(s => AccessService.MaySee(caller, s)))
                {
                    chosen[session.Id] = session.CreatedAt;
                    if (chosen.Count > MaxSessionsPerDream)
                    {
                        throw new InvalidRequestException(SessionsField, $"selects more than {MaxSessionsPerDream:N0} sessions; narrow the filter (since, agent, attached store)");
                    }
                }

                if (page.Count < SessionsPerPage)
                {
                    break;
                }

                after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
            }
        }

        if (chosen.Count == 0)
        {
            throw new InvalidRequestException(SessionsField, filter?.Since is { } since && await CountVisibleAsync(caller, filter with { Since = null }, cancellationToken).ConfigureAwait(false) is var (older, more) && older > 0
                ? $"selects no sessions: none active since {since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, but {older:N0}{(more ? " or more" : "")} with a transcript you can see {(older == 1 && !more ? "was" : "were")} active before then (a session's time is its latest event, else its import); widen since"
                : "selects no sessions: name sessions by id, or widen the filter to sessions with a transcript you can see");
        }

        return [.. chosen.OrderBy(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key)];
    }

    /// <summary>How many sessions the filter selects that the caller may see, counting one page at most (and whether there are more).</summary>
    private async Task<(int Count, bool More)> CountVisibleAsync(Caller caller, SessionFilter filter, CancellationToken cancellationToken)
    {
        var page = await _sessionStorage.ListTranscriptSessionsAsync(filter, null, SessionsPerPage, cancellationToken).ConfigureAwait(false);
        return (page.Count(s => AccessService.MaySee(caller, s)), page.Count == SessionsPerPage);
    }
}
