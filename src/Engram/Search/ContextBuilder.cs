using System.Text;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;
using Microsoft.ML.Tokenizers;

namespace Engram.Search;

/// <summary>
/// The memory section for the start of a session: the memory-tool protocol when the tool is in use, then, for
/// each store the section covers and under that store's own heading, its description, the attachment's
/// instructions, its pinned memories in full, its skills by name and description, and an index of its paths with
/// one-line descriptions, cut to the store's share of the token budget with explicit "N more under /x/" lines.
/// The same stores, caller and budget give the same text.
/// </summary>
internal sealed partial class ContextBuilder(IMemoryStorage storage, ISearchIndexStorage indexStorage, ISessionStorage sessionStorage, PolicyStore policies, SearchIndexer indexer, StoreSettingsCache settings, TimeProvider time)
{
    /// <summary>Budget when none is given, in tokens.</summary>
    public const int DefaultBudget = 2_000;

    /// <summary>Largest budget accepted, in tokens.</summary>
    public const int MaxBudget = 200_000;

    /// <summary>Directories named in "N more under" lines before the rest are summed up in one line.</summary>
    private const int MaxMoreLines = 10;

    /// <summary>Outlines read per page while a store's index is gathered.</summary>
    private const int OutlinePage = 1_000;

    /// <summary>Stores read per page while the stores a caller sees are listed.</summary>
    private const int StorePage = 100;

    /// <summary>What an agent using the memory tool is asked to do, in Engram's words.</summary>
    public const string MemoryToolProtocol =
        "You have a memory directory at /memories that outlives this conversation. Before you start on anything, view it and read what is " +
        "relevant. Record progress, decisions and what you learn there as you go, not only at the end: your context may be reset at any " +
        "moment, and the memory directory is how you will pick up where you left off.";

    /// <summary>
    /// The same, when the section covers several stores: each is a /memories of its own, so every call names its store
    /// (the MCP memory tools' <c>store</c> argument; each store's heading says the value).
    /// </summary>
    public const string MemoryToolStoresProtocol =
        "You have a memory directory at /memories in each store below, and they outlive this conversation. The same path names a " +
        "different file in each store, so every memory tool call names its store with the `store` argument, as each store's heading " +
        "says. Before you start on anything, view them and read what is relevant. Record progress, decisions and what you learn there " +
        "as you go, not only at the end: your context may be reset at any moment, and the memory directories are how you will pick up " +
        "where you left off.";

    // cl100k_base: a real BPE tokenizer, close to what large models count.
    private static readonly Tokenizer Tokens = TiktokenTokenizer.CreateForModel("gpt-4");

    /// <summary>Counts tokens as the budget does.</summary>
    public static int CountTokens(string text) => Tokens.CountTokens(text);

    /// <summary>
    /// Builds the memory section for the caller, or for the session named in the request. It covers the stores
    /// named in the request (the ones among a session's attachments, or among those the caller sees), else a
    /// session's attached stores in their order, else every live store the caller sees but the ones dreams wrote.
    /// </summary>
    public async Task<MemorySection> BuildAsync(Caller caller, ContextRequest request, CancellationToken cancellationToken)
    {
        var budget = request.Budget ?? DefaultBudget;
        if (budget is < 1 or > MaxBudget)
        {
            throw new InvalidRequestException("budget", $"must be between 1 and {MaxBudget:N0} tokens (got {budget})");
        }

        var (subject, attachments) = await SubjectAsync(caller, request, cancellationToken).ConfigureAwait(false);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var stores = attachments is null
            ? await ChosenStoresAsync(subject, rules, request.StoreIds, cancellationToken).ConfigureAwait(false)
            : await AttachedStoresAsync(subject, rules, attachments, request.StoreIds, cancellationToken).ConfigureAwait(false);

        var header = new StringBuilder("# Memory\n");
        if (request.MemoryTool)
        {
            header.Append('\n').Append(stores.Count > 1 ? MemoryToolStoresProtocol : MemoryToolProtocol).Append('\n');
        }

        var now = time.GetUtcNow();
        var blocks = new List<StoreBlock>(stores.Count);
        foreach (var (store, instructions) in stores)
        {
            var naming = !request.MemoryTool ? null
                : stores.Count == 1 ? ""
                : stores.Count(s => s.Store.Name == store.Name) == 1 ? store.Name : store.Id;
            blocks.Add(await BlockAsync(subject, rules, store, instructions, naming, now, cancellationToken).ConfigureAwait(false));
        }

        return Assemble(header.ToString(), blocks, budget);
    }

    /// <summary>
    /// One store's part of the section: its heading, what the caller may read of it, and the attachment's instructions.
    /// With the memory tool (<paramref name="toolStore"/> not null) paths are shown as the tool names them, and a
    /// non-empty <paramref name="toolStore"/> is the <c>store</c> argument that reaches this store's /memories.
    /// </summary>
    private async Task<StoreBlock> BlockAsync(
        Caller subject, PolicySet rules, MemoryStore store, string instructions, string? toolStore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var head = new StringBuilder($"\n## Store {store.Name} ({store.Id})\n");
        if (store.Description.Length > 0)
        {
            head.Append(store.Description).Append('\n');
        }

        if (instructions.Length > 0)
        {
            head.Append("Instructions: ").Append(instructions).Append('\n');
        }

        if (toolStore is { Length: > 0 })
        {
            head.Append("Memory tool: pass `store` \"").Append(toolStore).Append("\" to reach this store's /memories.\n");
        }

        var block = new StoreBlock(store.Id, head.ToString(), [], [], [], toolStore is not null);
        await indexer.DrainAsync(store.Id, cancellationToken).ConfigureAwait(false);
        var horizon = (await settings.GetAsync(store.Id, cancellationToken).ConfigureAwait(false)).StaleAfter;
        string? after = null;
        while (true)
        {
            var page = await indexStorage.ListOutlinesAsync(store.Id, "/", after, OutlinePage, cancellationToken).ConfigureAwait(false);
            foreach (var document in page)
            {
                if (!SearchService.Readable(rules, subject, store.Id, document.Path))
                {
                    continue;
                }

                var stale = document.IsStale(now, horizon) ? " (stale)" : "";
                var shown = block.Show(document.Path);
                if (document.SkillName is { } skill && document.Problem is null)
                {
                    block.Skills.Add(Part.Of(document.Path, $"- {skill}: {document.SkillDescription}{stale} ({shown})\n"));
                }
                else if (document.Pin && document.Problem is null)
                {
                    var content = (await storage.GetMemoryAsync(store.Id, document.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false))?.Content;
                    if (content is not null)
                    {
                        block.Pinned.Add(Part.Of(document.Path, $"\n### {shown}{stale}\n{content.TrimEnd('\n')}\n"));
                    }
                }
                else
                {
                    var summary = document.Summary is null ? "" : $" — {document.Summary}";
                    var problem = document.Problem is null ? "" : $" (front matter: {document.Problem})";
                    block.Entries.Add(Part.Of(document.Path, $"- {shown}{summary}{stale}{problem}\n"));
                }
            }

            if (page.Count < OutlinePage)
            {
                return block;
            }

            after = page[^1].Path;
        }
    }

    /// <summary>Who the section is for (the caller, or the session it names) and, for a session, its attachments.</summary>
    private async Task<(Caller Subject, List<(string StoreId, string Instructions)>? Attachments)> SubjectAsync(Caller caller, ContextRequest request, CancellationToken cancellationToken)
    {
        var sessionId = request.SessionId ?? caller.Session?.SessionId;
        if (sessionId is null)
        {
            return (caller, null);
        }

        var session = await sessionStorage.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var maySee = session is not null
            && (caller.IsAdmin || caller.Session?.SessionId == session.Id || session.CreatedBy?.Id == caller.Actor.Id);
        if (!maySee)
        {
            throw new NotFoundException("session", sessionId);
        }

        return (new Caller(Actor.Session(session!.Id)) { Session = session.Grant }, session.Stores.Select(s => (s.StoreId, s.Instructions)).ToList());
    }

    /// <summary>A session's attached stores in the order they were attached, narrowed to <paramref name="requested"/> when it names any.</summary>
    private async Task<List<(MemoryStore Store, string Instructions)>> AttachedStoresAsync(
        Caller subject, PolicySet rules, List<(string StoreId, string Instructions)> attachments, IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        var stores = new List<(MemoryStore Store, string Instructions)>();
        foreach (var (storeId, instructions) in attachments)
        {
            if ((requested is not { Count: > 0 } || requested.Contains(storeId, StringComparer.Ordinal))
                && stores.TrueForAll(s => s.Store.Id != storeId)
                && rules.GrantsAnything(subject, storeId)
                && await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false) is { } store)
            {
                stores.Add((store, instructions));
            }
        }

        return stores;
    }

    /// <summary>
    /// The stores named (those of them the caller sees), else every live store the caller sees but the ones
    /// <c>create_new</c> dreams wrote (named, they are shown like any other); by name, then id, so the order in
    /// which stores are named never changes the text.
    /// </summary>
    private async Task<List<(MemoryStore Store, string Instructions)>> ChosenStoresAsync(Caller subject, PolicySet rules, IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        var stores = new List<MemoryStore>();
        if (requested is { Count: > 0 })
        {
            foreach (var storeId in requested.Distinct(StringComparer.Ordinal))
            {
                if (rules.GrantsAnything(subject, storeId) && await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false) is { } store)
                {
                    stores.Add(store);
                }
            }
        }
        else
        {
            TimeIdCursor? after = null;
            while (true)
            {
                var page = await storage.ListStoresAsync(new StoreFilter(false, null, null), after, StorePage, cancellationToken).ConfigureAwait(false);
                stores.AddRange(page.Where(s => rules.GrantsAnything(subject, s.Id) && !DreamOutputs.IsDreamOutput(s)));
                if (page.Count < StorePage)
                {
                    break;
                }

                after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
            }
        }

        return stores.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => (s, "")).ToList();
    }
}

/// <summary>
/// Build the memory section: within <see cref="Budget"/> tokens, for the stores the caller sees, or as the
/// session <see cref="SessionId"/> sees them (its attached stores); <see cref="StoreIds"/> narrows either to the
/// stores named. The memory-tool protocol is included when the tool is in use.
/// </summary>
public sealed record ContextRequest(int? Budget = null, IReadOnlyList<string>? StoreIds = null, string? SessionId = null, bool MemoryTool = false);

/// <summary>The section's text, its size in tokens, the budget, whether anything was cut, and the stores it covers, in the order shown.</summary>
public sealed record MemorySection(string Text, int Tokens, int Budget, bool Truncated, IReadOnlyList<string> StoreIds);
