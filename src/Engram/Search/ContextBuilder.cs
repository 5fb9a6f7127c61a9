using System.Text;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;
using Microsoft.ML.Tokenizers;

namespace Engram.Search;

/// <summary>
/// The memory section for the start of a session: for each store the caller works with, its description and
/// the attachment's instructions; the memory-tool protocol when the tool is in use; pinned memories in full;
/// skills by name and description; then an index of paths with one-line descriptions, cut to the token
/// budget with explicit "N more under /x/" lines. The same store, caller and budget give the same text.
/// </summary>
public sealed class ContextBuilder(IMemoryStorage storage, PolicyStore policies, SearchIndexer indexer, StoreSettingsCache settings, TimeProvider time)
{
    /// <summary>Budget when none is given, in tokens.</summary>
    public const int DefaultBudget = 2_000;

    /// <summary>Largest budget accepted, in tokens.</summary>
    public const int MaxBudget = 200_000;

    /// <summary>Directories named in "N more under" lines before the rest are summed up in one line.</summary>
    private const int MaxMoreLines = 10;

    /// <summary>What an agent using the memory tool is asked to do, in Engram's words.</summary>
    public const string MemoryToolProtocol =
        "You have a memory directory at /memories that outlives this conversation. Before you start on anything, view it and read what is " +
        "relevant. Record progress, decisions and what you learn there as you go, not only at the end: your context may be reset at any " +
        "moment, and the memory directory is how you will pick up where you left off.";

    // cl100k_base: a real BPE tokenizer, close to what large models count.
    private static readonly Tokenizer Tokens = TiktokenTokenizer.CreateForModel("gpt-4");

    /// <summary>Counts tokens as the budget does.</summary>
    public static int CountTokens(string text) => Tokens.CountTokens(text);

    /// <summary>Builds the memory section for the caller, or for the session named in the request.</summary>
    public async Task<MemorySection> BuildAsync(Caller caller, ContextRequest request, CancellationToken cancellationToken)
    {
        var budget = request.Budget ?? DefaultBudget;
        if (budget is < 1 or > MaxBudget)
        {
            throw new InvalidRequestException("budget", $"must be between 1 and {MaxBudget:N0} tokens (got {budget})");
        }

        var (subject, attachments) = await SubjectAsync(caller, request, cancellationToken).ConfigureAwait(false);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var stores = new List<(MemoryStore Store, string Instructions)>();
        var candidates = attachments?.Where(a => request.StoreIds is not { Count: > 0 } only || only.Contains(a.StoreId)).ToList()
            ?? await VisibleStoresAsync(subject, rules, request.StoreIds, cancellationToken).ConfigureAwait(false);
        foreach (var (storeId, instructions) in candidates)
        {
            var store = await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
            if (store is not null && rules.GrantsAnything(subject, storeId))
            {
                stores.Add((store, instructions));
            }
        }

        var now = time.GetUtcNow();
        var header = new StringBuilder("# Memory\n");
        if (request.MemoryTool)
        {
            header.Append('\n').Append(MemoryToolProtocol).Append('\n');
        }

        var pinned = new List<(string Path, string Text)>();
        var skills = new List<(string Path, string Line)>();
        var entries = new List<(string Path, string Line)>();
        foreach (var (store, instructions) in stores)
        {
            header.Append($"\n## Store {store.Name} ({store.Id})\n");
            if (store.Description.Length > 0)
            {
                header.Append(store.Description).Append('\n');
            }

            if (instructions.Length > 0)
            {
                header.Append("Instructions: ").Append(instructions).Append('\n');
            }

            await indexer.DrainAsync(store.Id, cancellationToken).ConfigureAwait(false);
            var horizon = (await settings.GetAsync(store.Id, cancellationToken).ConfigureAwait(false)).StaleAfter;
            string? after = null;
            while (true)
            {
                var page = await storage.ListOutlinesAsync(store.Id, "/", after, 1_000, cancellationToken).ConfigureAwait(false);
                foreach (var document in page)
                {
                    if (!SearchService.Readable(rules, subject, store.Id, document.Path))
                    {
                        continue;
                    }

                    var stale = document.IsStale(now, horizon) ? " (stale)" : "";
                    if (document.SkillName is { } skill && document.Problem is null)
                    {
                        skills.Add((document.Path, $"- {skill}: {document.SkillDescription}{stale} ({document.Path})\n"));
                    }
                    else if (document.Pin && document.Problem is null)
                    {
                        var content = (await storage.GetMemoryAsync(store.Id, document.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false))?.Content;
                        if (content is not null)
                        {
                            pinned.Add((document.Path, $"\n### {document.Path}{stale}\n{content.TrimEnd('\n')}\n"));
                        }
                    }
                    else
                    {
                        var summary = document.Summary is null ? "" : $" — {document.Summary}";
                        var problem = document.Problem is null ? "" : $" (front matter: {document.Problem})";
                        entries.Add((document.Path, $"- {document.Path}{summary}{stale}{problem}\n"));
                    }
                }

                if (page.Count < 1_000)
                {
                    break;
                }

                after = page[^1].Path;
            }
        }

        return Assemble(header.ToString(), pinned, skills, entries, budget, stores.Select(s => s.Store.Id).ToList());
    }

    /// <summary>
    /// Fits the parts into the budget: the header, then pinned memories, skills and index lines in order; what
    /// does not fit is counted in "N more under /x/" lines. The text never exceeds the budget.
    /// </summary>
    private static MemorySection Assemble(
        string header, List<(string Path, string Text)> pinned, List<(string Path, string Line)> skills, List<(string Path, string Line)> entries, int budget, IReadOnlyList<string> storeIds)
    {
        var text = new StringBuilder();
        var used = 0;
        bool TryAppend(string part)
        {
            var cost = CountTokens(part);
            if (used + cost > budget)
            {
                return false;
            }

            text.Append(part);
            used += cost;
            return true;
        }

        if (!TryAppend(header))
        {
            // Not even the stores' descriptions fit: as much of them as does, marked as cut.
            const string Cut = "…\n";
            var room = Math.Max(0, budget - CountTokens(Cut));
            var end = room == 0 ? 0 : Tokens.GetIndexByTokenCount(header, room, out _, out _); // the tokenizer refuses a count of zero
            TryAppend(header[..end]);
            TryAppend(Cut);
            return Section(text, budget, Truncated: true, storeIds);
        }

        var unpinned = new List<(string Path, string Line)>();
        foreach (var (path, body) in pinned)
        {
            if (!TryAppend(body))
            {
                unpinned.Add((path, $"- {path} (pinned; too long for the budget)\n"));
            }
        }

        var lines = new List<(string Path, string Line)>();
        if (skills.Count > 0)
        {
            lines.Add(("", "\n### Skills\n"));
            lines.AddRange(skills);
        }

        var index = unpinned.Concat(entries).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        if (index.Count > 0)
        {
            lines.Add(("", "\n### Index\n"));
            lines.AddRange(index);
        }

        // Room kept for the "N more under /x/" lines (the costliest ten and the tail), so they fit after the cut.
        var reserve = skills.Concat(index).Select(e => TopDirectory(e.Path)).Distinct(StringComparer.Ordinal)
            .Select(directory => CountTokens(MoreUnder(99_999, directory)))
            .OrderDescending().Take(MaxMoreLines).Sum() + CountTokens(MoreElsewhere(99_999, 99_999));
        var cut = lines.Count;
        for (var i = 0; i < lines.Count; i++)
        {
            var cost = CountTokens(lines[i].Line);
            if (used + cost + (i == lines.Count - 1 ? 0 : reserve) > budget)
            {
                cut = i;
                break;
            }

            text.Append(lines[i].Line);
            used += cost;
        }

        if (cut == lines.Count)
        {
            return Section(text, budget, Truncated: unpinned.Count > 0, storeIds);
        }

        var rest = lines.Skip(cut).Where(l => l.Path.Length > 0).GroupBy(l => TopDirectory(l.Path)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var named = 0;
        while (named < rest.Count && named < MaxMoreLines && TryAppend(MoreUnder(rest[named].Count(), rest[named].Key)))
        {
            named++;
        }

        if (named < rest.Count)
        {
            TryAppend(MoreElsewhere(rest.Skip(named).Sum(g => g.Count()), rest.Count - named));
        }

        return Section(text, budget, Truncated: true, storeIds);
    }

    // Parts are counted one by one as they are added; the section reports the count of the whole text.
    private static MemorySection Section(StringBuilder text, int budget, bool Truncated, IReadOnlyList<string> storeIds)
    {
        var whole = text.ToString();
        return new MemorySection(whole, CountTokens(whole), budget, Truncated, storeIds);
    }

    private static string MoreUnder(int count, string directory) => $"… {count} more under {directory}\n";

    private static string MoreElsewhere(int count, int places) => $"… {count} more in {places} other places\n";

    private static string TopDirectory(string path)
    {
        var next = path.IndexOf('/', 1);
        return next < 0 ? "/" : path[..(next + 1)];
    }

    /// <summary>Who the section is for (the caller, or the session it names) and, for a session, its attachments.</summary>
    private async Task<(Caller Subject, List<(string StoreId, string Instructions)>? Attachments)> SubjectAsync(Caller caller, ContextRequest request, CancellationToken cancellationToken)
    {
        var sessionId = request.SessionId ?? caller.Session?.SessionId;
        if (sessionId is null)
        {
            return (caller, null);
        }

        var session = await storage.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var maySee = session is not null
            && (caller.IsAdmin || caller.Session?.SessionId == session.Id || session.CreatedBy?.Id == caller.Actor.Id);
        if (!maySee)
        {
            throw new NotFoundException("session", sessionId);
        }

        return (new Caller(Actor.Session(session!.Id)) { Session = session.Grant }, session.Stores.Select(s => (s.StoreId, s.Instructions)).ToList());
    }

    private async Task<List<(string StoreId, string Instructions)>> VisibleStoresAsync(Caller subject, PolicySet rules, IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        if (requested is { Count: > 0 })
        {
            return requested.Select(id => (id, "")).ToList();
        }

        var stores = new List<MemoryStore>();
        TimeIdCursor? after = null;
        while (true)
        {
            var page = await storage.ListStoresAsync(new StoreFilter(false, null, null), after, 100, cancellationToken).ConfigureAwait(false);
            stores.AddRange(page.Where(s => rules.GrantsAnything(subject, s.Id)));
            if (page.Count < 100)
            {
                break;
            }

            after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
        }

        return stores.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => (s.Id, "")).ToList();
    }
}

/// <summary>
/// Build the memory section: within <see cref="Budget"/> tokens, for the stores the caller sees, or as the
/// session <see cref="SessionId"/> sees them (its attached stores); <see cref="StoreIds"/> narrows either to the
/// stores named. The memory-tool protocol is included when the tool is in use.
/// </summary>
public sealed record ContextRequest(int? Budget = null, IReadOnlyList<string>? StoreIds = null, string? SessionId = null, bool MemoryTool = false);

/// <summary>The section's text, its size in tokens, the budget, whether anything was cut, and the stores it covers.</summary>
public sealed record MemorySection(string Text, int Tokens, int Budget, bool Truncated, IReadOnlyList<string> StoreIds);
