using Engram.Client;
using Engram.Access;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Web.Review;

/// <summary>One proposal as the inbox lists it: its store, its kind, and the agents behind it.</summary>
internal sealed record InboxRow(Proposal Proposal, MemoryStore Store, string Kind, IReadOnlyList<string> Agents)
{
    /// <summary>Sessions that show it, for the prevalence order (0 for a single write).</summary>
    public int Sessions => Proposal.Origin?.Statistics.Sessions ?? 0;
}

/// <summary>
/// What the review pages read, through the library's services with the signed-in caller, so a person sees exactly
/// what their key may see: the stores, every store's proposals for the inbox, and one proposal wherever it is.
/// </summary>
internal sealed class UiReview(EngramEngine engine)
{
    /// <summary>The inbox reads at most this many proposals of one store: enough for a review queue, bounded for a page.</summary>
    public const int MaxPerStore = 1_000;

    /// <summary>Stores listed at most (the top bar's picker and the inbox's search across stores).</summary>
    public const int MaxStores = 500;

    private const int PageSize = 100;

    private readonly Dictionary<string, string?> _agents = new(StringComparer.Ordinal);
    private IReadOnlyList<MemoryStore>? _stores;

    /// <summary>The stores the caller can see (not archived), by name; read once per request.</summary>
    public async Task<IReadOnlyList<MemoryStore>> StoresAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (_stores is not null)
        {
            return _stores;
        }

        var stores = new List<MemoryStore>();
        string? page = null;
        do
        {
            var listed = await engine.Memories.ListStoresAsync(caller, new StoreListQuery(PageSize, page), cancellationToken).ConfigureAwait(false);
            stores.AddRange(listed.Data);
            page = listed.NextPage;
        }
        while (page is not null && stores.Count < MaxStores);

        return _stores = [.. stores.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>The proposals the filter selects across the stores the caller can see, in the order it asks for.</summary>
    public async Task<IReadOnlyList<InboxRow>> InboxAsync(Caller caller, InboxFilter filter, CancellationToken cancellationToken)
    {
        var status = filter.StatusFilter();
        var byPrevalence = filter.ByPrevalence();
        var stores = await StoresAsync(caller, cancellationToken).ConfigureAwait(false);
        if (filter.Store is { } wanted)
        {
            stores = stores.Where(s => s.Id == wanted || s.Name == wanted).ToList() is { Count: > 0 } chosen
                ? chosen
                : throw new InvalidRequestException("store", $"no store you can see has the id or name \"{wanted}\"");
        }

        var rows = new List<InboxRow>();
        foreach (var store in stores)
        {
            string? page = null;
            var read = 0;
            do
            {
                var listed = await engine.Review.ListAsync(caller, store.Id, new ProposalListQuery(status, PageSize, page, filter.Dream), cancellationToken).ConfigureAwait(false);
                foreach (var proposal in listed.Data)
                {
                    var row = new InboxRow(proposal, store, KindOf(proposal), await AgentsOfAsync(caller, proposal, cancellationToken).ConfigureAwait(false));
                    if (Matches(row, filter))
                    {
                        rows.Add(row);
                    }
                }

                read += listed.Data.Count;
                page = listed.NextPage;
            }
            while (page is not null && read < MaxPerStore);
        }

        var ordered = byPrevalence
            ? rows.OrderByDescending(r => r.Sessions).ThenByDescending(r => r.Agents.Count).ThenByDescending(r => r.Proposal.CreatedAt)
            : rows.OrderByDescending(r => r.Proposal.CreatedAt);
        return [.. ordered.ThenByDescending(r => r.Proposal.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A proposal and its review, from whichever store the caller can see it in (<paramref name="storeHint"/> first).
    /// Not found, the same way, when it does not exist or the caller may not read it.
    /// </summary>
    public async Task<(MemoryStore Store, ProposalReview Review)> FindAsync(Caller caller, string proposalId, string? storeHint, CancellationToken cancellationToken)
    {
        var store = await StoreResolver.ResolveForProposalAsync(new LocalEngramClient(engine, caller), null, proposalId, LookingUp, cancellationToken, storeHint).ConfigureAwait(false);
        return (store, await engine.Review.GetAsync(caller, store.Id, proposalId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>How a proposal's store is named to the UI: a proposal it cannot find in any store is not found, so this is never shown.</summary>
    private static readonly StoreNaming LookingUp = new("store", "pick a store", "there are no stores you can see");

    /// <summary>The agents behind a proposal: a dream's statistics, or the agent of the session that wrote it (when the caller may see that session).</summary>
    public async Task<IReadOnlyList<string>> AgentsOfAsync(Caller caller, Proposal proposal, CancellationToken cancellationToken) =>
        proposal.Origin is { } origin ? origin.Statistics.Agents
        : proposal.Author.Type == ActorType.Session && await AgentOfSessionAsync(caller, proposal.Author.Id, cancellationToken).ConfigureAwait(false) is { } agent ? [agent]
        : [];

    /// <summary>A session's agent, or null when the caller may not see the session; read once per request.</summary>
    public async Task<string?> AgentOfSessionAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        if (!_agents.TryGetValue(sessionId, out var agent))
        {
            try
            {
                agent = (await engine.Access.GetSessionAsync(caller, sessionId, cancellationToken).ConfigureAwait(false)).Agent;
            }
            catch (NotFoundException)
            {
                agent = null;
            }

            _agents[sessionId] = agent;
        }

        return agent;
    }

    /// <summary>The kind a row shows: the dream's analyzer kind, or <see cref="InboxFilter.WriteKind"/>.</summary>
    public static string KindOf(Proposal proposal) => proposal.Origin?.Kind ?? InboxFilter.WriteKind;

    private static bool Matches(InboxRow row, InboxFilter filter) =>
        (filter.Kind is null || row.Kind == filter.Kind)
        && (filter.Agent is null || row.Agents.Contains(filter.Agent, StringComparer.Ordinal))
        && (filter.Q is null || Contains(row.Proposal.Path, filter.Q) || Contains(row.Proposal.NewPath, filter.Q)
            || Contains(row.Proposal.Origin?.Title, filter.Q) || Contains(row.Proposal.Rationale, filter.Q));

    private static bool Contains(string? text, string term) => text?.Contains(term, StringComparison.OrdinalIgnoreCase) == true;
}
