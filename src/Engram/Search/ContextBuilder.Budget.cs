using System.Text;

namespace Engram.Search;

/// <summary>
/// Fitting the section into its budget. The top (the title and the protocol) and every store's heading come
/// first; what is left is shared between the stores' bodies fairly (max-min: a store that needs less than an
/// equal share gets all it needs, and the rest is shared among the others), and each body is cut to its share
/// on its own, so one large store never crowds a small one out of the section.
/// </summary>
internal sealed partial class ContextBuilder
{
    // Properties, not fields: a field here could be initialized before the tokenizer, which another file of the type holds.
    private static Part SkillsHeading => Part.Of("", "\n### Skills\n");

    private static Part IndexHeading => Part.Of("", "\n### Index\n");

    /// <summary>The parts of the section, in order, within <paramref name="budget"/>; the text never exceeds it.</summary>
    private static MemorySection Assemble(string top, IReadOnlyList<StoreBlock> blocks, int budget)
    {
        var storeIds = blocks.Select(b => b.StoreId).ToList();
        var headings = CountTokens(top) + blocks.Sum(b => CountTokens(b.Head));
        if (headings > budget)
        {
            return CutHeadings(top + string.Concat(blocks.Select(b => b.Head)), budget, storeIds);
        }

        var shares = Share(blocks.Select(Demand).ToList(), budget - headings);
        var text = new StringBuilder(top);
        var truncated = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            text.Append(blocks[i].Head);
            truncated |= AppendBody(text, blocks[i], shares[i]);
        }

        var whole = text.ToString();
        return new MemorySection(whole, CountTokens(whole), budget, truncated, storeIds);
    }

    /// <summary>Not even the headings fit: as much of them as does, marked as cut.</summary>
    private static MemorySection CutHeadings(string headings, int budget, IReadOnlyList<string> storeIds)
    {
        const string Cut = "…\n";
        var room = Math.Max(0, budget - CountTokens(Cut));
        var end = room == 0 ? 0 : Tokens.GetIndexByTokenCount(headings, room, out _, out _); // the tokenizer refuses a count of zero
        var text = headings[..end];
        if (CountTokens(text) + CountTokens(Cut) <= budget)
        {
            text += Cut;
        }

        return new MemorySection(text, CountTokens(text), budget, Truncated: true, storeIds);
    }

    /// <summary>What a store's body costs in full: its pinned memories, its skills and its index.</summary>
    private static int Demand(StoreBlock block) =>
        block.Pinned.Sum(p => p.Tokens)
        + (block.Skills.Count == 0 ? 0 : SkillsHeading.Tokens + block.Skills.Sum(s => s.Tokens))
        + (block.Entries.Count == 0 ? 0 : IndexHeading.Tokens + block.Entries.Sum(e => e.Tokens));

    /// <summary>
    /// Max-min fair shares of <paramref name="room"/>: the stores are served from the least demanding up, each
    /// getting what it needs or an equal part of what is left, whichever is less. The shares never sum past the room.
    /// </summary>
    private static int[] Share(IReadOnlyList<int> demands, int room)
    {
        var shares = new int[demands.Count];
        var left = room;
        var order = Enumerable.Range(0, demands.Count).OrderBy(i => demands[i]).ThenBy(i => i).ToList();
        for (var served = 0; served < order.Count; served++)
        {
            var store = order[served];
            shares[store] = Math.Min(demands[store], left / (order.Count - served));
            left -= shares[store];
        }

        return shares;
    }

    /// <summary>
    /// Appends a store's body within <paramref name="budget"/>: pinned memories, then skills and index lines in
    /// order; what does not fit is counted in "N more under /x/" lines. Returns whether anything was cut.
    /// </summary>
    private static bool AppendBody(StringBuilder text, StoreBlock block, int budget)
    {
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

        var unpinned = new List<Part>();
        foreach (var pin in block.Pinned)
        {
            if (used + pin.Tokens <= budget)
            {
                text.Append(pin.Text);
                used += pin.Tokens;
            }
            else
            {
                unpinned.Add(Part.Of(pin.Path, $"- {block.Show(pin.Path)} (pinned; too long for the budget)\n"));
            }
        }

        var lines = new List<Part>();
        if (block.Skills.Count > 0)
        {
            lines.Add(SkillsHeading);
            lines.AddRange(block.Skills);
        }

        var index = unpinned.Concat(block.Entries).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        if (index.Count > 0)
        {
            lines.Add(IndexHeading);
            lines.AddRange(index);
        }

        // What the lines from each one to the end cost: when all that is left fits, it goes in without a cut.
        var rest = new int[lines.Count + 1];
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            rest[i] = rest[i + 1] + lines[i].Tokens;
        }

        // Room kept for the "N more under /x/" lines (the costliest ten and the tail), so they fit after the cut.
        var reserve = block.Skills.Concat(index).Select(e => TopDirectory(e.Path)).Distinct(StringComparer.Ordinal)
            .Select(directory => CountTokens(MoreUnder(99_999, block.Show(directory))))
            .OrderDescending().Take(MaxMoreLines).Sum() + CountTokens(MoreElsewhere(99_999, 99_999));
        var cut = lines.Count;
        for (var i = 0; i < lines.Count; i++)
        {
            if (used + rest[i] <= budget)
            {
                for (var j = i; j < lines.Count; j++)
                {
                    text.Append(lines[j].Text);
                }

                used += rest[i];
                break;
            }

            if (used + lines[i].Tokens + reserve > budget)
            {
                cut = i;
                break;
            }

            text.Append(lines[i].Text);
            used += lines[i].Tokens;
        }

        if (cut == lines.Count)
        {
            return unpinned.Count > 0;
        }

        var more = lines.Skip(cut).Where(l => l.Path.Length > 0).GroupBy(l => TopDirectory(l.Path)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var named = 0;
        while (named < more.Count && named < MaxMoreLines && TryAppend(MoreUnder(more[named].Count(), block.Show(more[named].Key))))
        {
            named++;
        }

        if (named < more.Count)
        {
            TryAppend(MoreElsewhere(more.Skip(named).Sum(g => g.Count()), more.Count - named));
        }

        return true;
    }

    private static string MoreUnder(int count, string directory) => $"… {count} more under {directory}\n";

    private static string MoreElsewhere(int count, int places) => $"… {count} more in {places} other places\n";

    private static string TopDirectory(string path)
    {
        var next = path.IndexOf('/', 1);
        return next < 0 ? "/" : path[..(next + 1)];
    }

    /// <summary>
    /// One store's part of the section before it is cut: its heading (name, id, description, instructions) and its lines,
    /// whose paths are shown as the memory tool names them when <see cref="MemoryTool"/> is set.
    /// </summary>
    private sealed record StoreBlock(string StoreId, string Head, List<Part> Pinned, List<Part> Skills, List<Part> Entries, bool MemoryTool)
    {
        /// <summary>A store path or directory as the agent reading this section names it.</summary>
        public string Show(string storePath) => MemoryTool ? global::Engram.MemoryTool.ToolPath.Shown(storePath, global::Engram.MemoryTool.MemoryToolHandler.DefaultRoot) : storePath;
    }

    /// <summary>A piece of text for the memory at <see cref="Path"/> (empty for a heading), with its cost.</summary>
    private readonly record struct Part(string Path, string Text, int Tokens)
    {
        public static Part Of(string path, string text) => new(path, text, CountTokens(text));
    }
}
