using System.Text;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Identity;
using Engram.Memories;
using Engram.Review;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>
    /// Creates the output store of a <c>create_new</c> dream: the input's live memories copied as rows (new ids, the
    /// same content hashes, so no text is copied), each with one created version and queued for indexing, then every
    /// trusted proposal applied to the copy. The input store is not touched and its proposals stay pending.
    /// </summary>
    private string CopyWithDrafts(
        IStorageWriter tx, Dream dream, MemoryStore input, IReadOnlyList<PolicyRule> inputRules, List<Proposal> proposals, Caller creator, PolicySet rules, DateTimeOffset now)
    {
        var copy = new MemoryStore(
            _ids.NewId(IdPrefix.MemoryStore), CopyName(input.Name, dream.Id),
            $"Made by dream {dream.Id} from memory store {input.Id}: its memories, with the dream's trusted proposals applied.",
            new Dictionary<string, string>(input.Metadata) { [DreamOutputs.MetadataKey] = dream.Id }, now, now, null);
        tx.InsertStore(copy);

        // The copy is guarded as its input is: the input store's own rules (its defaults as they stand, and any deny
        // added since) carry over, so a path hidden from someone in the input stays hidden in the copy.
        foreach (var rule in inputRules)
        {
            tx.InsertPolicyRule(rule with { Id = _ids.NewId("pol"), StoreId = copy.Id, CreatedAt = now });
        }

        var copied = new Dictionary<string, string>(StringComparer.Ordinal);
        // Only what the creator may read is copied: a copy must not show anyone a path hidden from its maker.
        foreach (var memory in tx.ListStoreMemories(input.Id).Where(m => (rules.Evaluate(creator, input.Id, m.Path) & Capability.Read) != 0))
        {
            var id = _ids.NewId(IdPrefix.Memory);
            var version = new MemoryVersion(
                _ids.NewId(IdPrefix.MemoryVersion), id, copy.Id, VersionOperation.Created, memory.Path, null, memory.ContentSha256, memory.ContentSizeBytes,
                now, dream.CreatedBy, null, null)
            {
                Reason = $"copied from memory store {input.Id} by dream {dream.Id}",
                ApiKeyId = dream.ApiKeyId,
            };
            tx.InsertMemory(memory with { Id = id, MemoryStoreId = copy.Id, MemoryVersionId = version.Id, CreatedAt = now, UpdatedAt = now, Content = null });
            tx.InsertVersion(version);
            tx.QueueIndex(copy.Id, id, version.Id);
            copied.Add(memory.Id, id);
        }

        foreach (var proposal in proposals.Where(p => !p.Origin!.Untrusted))
        {
            string? memoryId = null;
            if (proposal.MemoryId is not null && !copied.TryGetValue(proposal.MemoryId, out memoryId))
            {
                continue; // the memory was deleted from the input since synthesis: nothing to change in the copy
            }

            var retires = proposal.Origin!.Retires
                .Select(r => copied.TryGetValue(r.MemoryId, out var id) ? r with { MemoryId = id } : null)
                .ToList();
            if (retires.Contains(null))
            {
                continue; // a duplicate the merge retires was not copied
            }

            var onCopy = proposal with
            {
                Id = _ids.NewId("prop"), StoreId = copy.Id, MemoryId = memoryId, Origin = proposal.Origin with { Retires = retires! },
            };
            Applier.ApplyOrMerge(tx, onCopy, creator, rules, now, overAnyChange: true, out _, out _);
        }

        return copy.Id;
    }

    /// <summary>"&lt;input name&gt; · dream &lt;id&gt;", the input's name shortened so the whole fits a store name.</summary>
    internal static string CopyName(string inputName, string dreamId)
    {
        var suffix = $" · dream {dreamId}";
        var room = StoreRules.MaxNameCharacters - UnicodeText.CountCharacters(suffix);
        var name = new StringBuilder();
        var count = 0;
        foreach (var rune in inputName.EnumerateRunes())
        {
            if (++count > room)
            {
                break;
            }

            name.Append(rune.ToString());
        }

        return name.Append(suffix).ToString();
    }
}
