using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Review;
using Engram.Storage;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>
    /// Creates a memory; the path must not be used by or overlap another memory's path. Needs create on the
    /// path; a caller that may only propose there files a proposal instead (<see cref="WriteResult.Proposal"/>).
    /// </summary>
    public async Task<WriteResult<Memory>> CreateMemoryAsync(Caller caller, string storeId, CreateMemoryRequest request, CancellationToken cancellationToken)
    {
        var path = MemoryPath.Parse(request.Path);
        var size = MemoryContent.Validate(request.Content);
        var content = request.Content!;
        var sha = MemoryContent.Sha256(content);
        var reason = ValidateReason(request.Reason);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await WriteAsync<Memory>(tx =>
        {
            var store = WriteGate.RequireOpen(VisibleStore(tx, caller, rules, storeId));
            var decision = WriteGate.Decide(caller, rules, store, WriteIntent.Create(path.Value));
            if (decision.Verdict == WriteVerdict.Refuse)
            {
                return Denied(caller, "memory.create", storeId, path.Value, decision);
            }

            if (decision.Verdict == WriteVerdict.Propose)
            {
                // A proposal to create where the caller can see a memory already is refused as a writer's create would be
                // (the path is taken): filed, it could only ever fail at accept. Where the caller may not read, it is filed
                // without looking, so a proposer learns nothing a reader could not.
                if ((rules.Evaluate(caller, storeId, path.Value) & Capability.Read) != 0)
                {
                    EnsurePathIsFree(tx, caller, rules, storeId, path, movingMemoryId: null);
                }

                return FileProposal(tx, caller, storeId, ProposalOperation.Create, null, path.Value, null, content, sha, reason);
            }

            EnsurePathIsFree(tx, caller, rules, storeId, path, movingMemoryId: null);
            var now = Now();
            var memory = new Memory(ids.NewId(IdPrefix.Memory), storeId, path.Value, content, sha, size, "", now, now);
            var version = NewVersion(caller, memory, VersionOperation.Created, now, reason);
            memory = memory with { MemoryVersionId = version.Id };
            tx.SaveContent(sha, content);
            tx.InsertMemory(memory);
            AppendVersion(tx, version);
            audit.Record(tx, caller, "memory.create", storeId, memory.Id, memory.Path);
            return memory;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The memory (content included with <see cref="MemoryView.Full"/>), if the caller may read it.</summary>
    public async Task<Memory> GetMemoryAsync(Caller caller, string storeId, string memoryId, MemoryView view, CancellationToken cancellationToken)
    {
        var (rules, _) = await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var memory = await storage.GetMemoryAsync(storeId, memoryId, view == MemoryView.Full, cancellationToken).ConfigureAwait(false);
        return await ReadableAsync(caller, rules, storeId, memory, "memory", memoryId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Extension: the memory at exactly <paramref name="path"/>, if the caller may read it.</summary>
    public async Task<Memory> GetMemoryByPathAsync(Caller caller, string storeId, string path, MemoryView view, CancellationToken cancellationToken)
    {
        var valid = MemoryPath.Parse(path);
        var (rules, _) = await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        if ((rules.Evaluate(caller, storeId, valid.Value) & Capability.Read) == 0)
        {
            // Decided from the path alone, before storage is asked: the same work whether or not a memory is there.
            await audit.ConcealedAsync(caller, "memory.read", storeId, valid.Value, "not readable by this caller; answered as not found", cancellationToken).ConfigureAwait(false);
            throw new NotFoundException("memory at path", valid.Value);
        }

        var memory = await storage.GetMemoryByPathAsync(storeId, valid.Value, view == MemoryView.Full, cancellationToken).ConfigureAwait(false);
        return memory ?? throw new NotFoundException("memory at path", valid.Value);
    }

    /// <summary>
    /// Memories under a prefix in path order, with deeper ones rolled into prefix markers when a depth is
    /// given. Only paths the caller may list appear, and a marker only when one of them lies below it.
    /// </summary>
    public async Task<Page<MemoryListItem>> ListMemoriesAsync(Caller caller, string storeId, MemoryListQuery query, CancellationToken cancellationToken)
    {
        var prefix = PathPrefix.Parse(query.PathPrefix);
        var depth = query.Depth ?? 0;
        if (depth is < 0 or > MemoryPath.MaxSegments)
        {
            throw new InvalidRequestException("depth", $"must be between 0 (everything below the prefix) and {MemoryPath.MaxSegments} (got {depth})");
        }

        var limit = ListLimits.Resolve(query.Limit, query.View);
        var bound = PageToken.ParsePath(query.Page);
        var (rules, _) = await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false);

        var items = new List<MemoryListItem>(limit + 1);
        var reachedEnd = false;
        while (items.Count <= limit && !reachedEnd)
        {
            var want = limit + 1;
            var batch = await storage.ListMemoriesAsync(storeId, prefix.Value, bound, want, query.View == MemoryView.Full, cancellationToken).ConfigureAwait(false);
            reachedEnd = batch.Count < want;
            foreach (var memory in batch)
            {
                bound = new PathBound(memory.Path, Inclusive: false);
                if ((rules.Evaluate(caller, storeId, memory.Path) & Capability.List) == 0)
                {
                    continue;
                }

                var rolledUp = depth == 0 ? null : RollUp(prefix, memory.Path, depth);
                if (rolledUp is null)
                {
                    items.Add(memory);
                    if (items.Count > limit)
                    {
                        break;
                    }

                    continue;
                }

                items.Add(new MemoryPrefix(rolledUp));
                bound = SkipDirectory(rolledUp);
                reachedEnd = false; // the rest of this batch may lie inside the directory: ask again past it
                break;
            }
        }

        return ToPage<MemoryListItem>(items, limit, item => PageToken.For(item switch
        {
            MemoryPrefix directory => SkipDirectory(directory.Path),
            _ => new PathBound(item.Path, Inclusive: false),
        }));
    }

    /// <summary>
    /// Changes content and/or path (a rename keeps the id). An update that changes nothing writes no version.
    /// Needs update on the current path (and create on a new one); a caller that may only propose files a proposal.
    /// </summary>
    public async Task<WriteResult<Memory>> UpdateMemoryAsync(Caller caller, string storeId, string memoryId, UpdateMemoryRequest request, CancellationToken cancellationToken)
    {
        if (request.Content is null && request.Path is null)
        {
            throw new InvalidRequestException("content", "give content, path, or both to update a memory");
        }

        MemoryPath? newPath = request.Path is null ? null : MemoryPath.Parse(request.Path);
        var size = request.Content is null ? 0 : MemoryContent.Validate(request.Content);
        var sha = request.Content is null ? null : MemoryContent.Sha256(request.Content);
        var expected = request.ExpectedContentSha256 is null ? null : MemoryContent.ValidateSha256(request.ExpectedContentSha256, "precondition.content_sha256");
        var reason = ValidateReason(request.Reason);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await WriteAsync<Memory>(tx =>
        {
            var store = WriteGate.RequireOpen(VisibleStore(tx, caller, rules, storeId));
            var current = tx.GetMemory(storeId, memoryId);
            var allowed = current is null ? Capability.None : rules.Evaluate(caller, storeId, current.Path);
            if (current is null || (allowed & Capability.Read) == 0)
            {
                return new Denial(caller, "memory.update", storeId, memoryId, new NotFoundException("memory", memoryId));
            }

            var path = newPath?.Value ?? current.Path;
            var changed = current with
            {
                Path = path,
                ContentSha256 = sha ?? current.ContentSha256,
                ContentSizeBytes = sha is null ? current.ContentSizeBytes : size,
            };

            // The compatible API: a memory that already is exactly what was asked for succeeds, whatever the precondition.
            if (changed.Path == current.Path && changed.ContentSha256 == current.ContentSha256)
            {
                return current with { Content = request.Content ?? tx.GetContent(current.ContentSha256) };
            }

            CheckPrecondition(current, expected);
            var renaming = path != current.Path;
            var decision = WriteGate.Decide(caller, rules, store, renaming ? WriteIntent.Rename(current.Path, path, memoryId) : WriteIntent.Update(current.Path, memoryId));
            if (decision.Verdict == WriteVerdict.Refuse)
            {
                return Denied(caller, "memory.update", storeId, memoryId, decision);
            }

            if (decision.Verdict == WriteVerdict.Propose)
            {
                // As for a proposed create: a rename onto a path the caller can see is taken is refused as a writer's
                // would be (filed, it could only fail at accept); where it may not read, it is filed without looking.
                if (newPath is { } target && renaming && (rules.Evaluate(caller, storeId, path) & Capability.Read) != 0)
                {
                    EnsurePathIsFree(tx, caller, rules, storeId, target, movingMemoryId: current.Id);
                }

                return FileProposal(tx, caller, storeId, ProposalOperation.Modify, current, current.Path, renaming ? path : null, request.Content, sha, reason);
            }

            if (newPath is { } moved && renaming)
            {
                EnsurePathIsFree(tx, caller, rules, storeId, moved, movingMemoryId: current.Id);
            }

            if (request.Content is not null)
            {
                tx.SaveContent(sha!, request.Content);
            }

            var now = Now();
            var version = NewVersion(caller, changed, VersionOperation.Modified, now, reason);
            changed = changed with { MemoryVersionId = version.Id, UpdatedAt = now };
            tx.UpdateMemory(changed);
            AppendVersion(tx, version);
            audit.Record(tx, caller, renaming ? "memory.rename" : "memory.update", storeId, memoryId, renaming ? $"{current.Path} -> {path}" : path);
            return changed with { Content = request.Content ?? tx.GetContent(changed.ContentSha256) };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a memory (its versions stay), only if its content still matches the expected hash when one is
    /// given. Needs delete on the path; a caller that may only propose files a proposal.
    /// </summary>
    public async Task<WriteResult> DeleteMemoryAsync(Caller caller, string storeId, string memoryId, DeleteMemoryRequest request, CancellationToken cancellationToken)
    {
        var expected = request.ExpectedContentSha256 is null ? null : MemoryContent.ValidateSha256(request.ExpectedContentSha256, "expected_content_sha256");
        var reason = ValidateReason(request.Reason);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await WriteAsync<bool>(tx =>
        {
            var store = VisibleStore(tx, caller, rules, storeId);
            var current = tx.GetMemory(storeId, memoryId);
            var allowed = current is null ? Capability.None : rules.Evaluate(caller, storeId, current.Path);
            if (current is null || (allowed & Capability.Read) == 0)
            {
                return new Denial(caller, "memory.delete", storeId, memoryId, new NotFoundException("memory", memoryId));
            }

            CheckPrecondition(current, expected);
            var decision = WriteGate.Decide(caller, rules, store, WriteIntent.Delete(current.Path, memoryId));
            if (decision.Verdict != WriteVerdict.Write)
            {
                return decision.Verdict == WriteVerdict.Propose
                    ? FileProposal(tx, caller, storeId, ProposalOperation.Delete, current, current.Path, null, null, null, reason)
                    : Denied(caller, "memory.delete", storeId, memoryId, decision);
            }

            tx.DeleteMemory(storeId, memoryId);
            AppendVersion(tx, NewVersion(caller, current, VersionOperation.Deleted, Now(), reason));
            audit.Record(tx, caller, "memory.delete", storeId, memoryId, current.Path);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return deleted.Proposal is { } proposal ? WriteResult.Proposed(proposal) : WriteResult.Written();
    }

    /// <summary>
    /// Returns a memory the caller may read; one it may not read is reported exactly like a missing one, and both are
    /// recorded (for admins only) so the work, and so the time, is the same either way.
    /// </summary>
    private async Task<Memory> ReadableAsync(Caller caller, PolicySet rules, string storeId, Memory? memory, string kind, string id, CancellationToken cancellationToken)
    {
        if (memory is not null && (rules.Evaluate(caller, storeId, memory.Path) & Capability.Read) != 0)
        {
            return memory;
        }

        await audit.ConcealedAsync(caller, "memory.read", storeId, id, memory is null ? "no such memory; answered as not found" : "not readable by this caller; answered as not found", cancellationToken).ConfigureAwait(false);
        throw new NotFoundException(kind, id);
    }

    private static void CheckPrecondition(Memory current, string? expectedSha256)
    {
        if (expectedSha256 is not null && expectedSha256 != current.ContentSha256)
        {
            throw new PreconditionFailedException(
                $"memory {current.Id} no longer has content_sha256 {expectedSha256}; it changed since you read it. Retrieve it again, reapply your change, and retry");
        }
    }

    /// <summary>
    /// Refuses a path that another memory uses, or that is an ancestor or descendant of another memory's path.
    /// A blocker the caller may not read is not named: the conflict carries the requested path and no id.
    /// </summary>
    internal static void EnsurePathIsFree(IStorageWriter tx, Caller caller, PolicySet rules, string storeId, MemoryPath path, string? movingMemoryId)
    {
        // Paths never overlap, so at most one memory sits at the path or one of its ancestors.
        var candidates = path.AncestorPaths().Append(path.Value).ToList();
        var blocker = tx.FindMemoryAtAnyPath(storeId, candidates);
        if (blocker is null || blocker.Id == movingMemoryId)
        {
            blocker = tx.FindFirstMemoryUnder(storeId, path.DescendantPrefix, movingMemoryId);
        }

        if (blocker is null || blocker.Id == movingMemoryId)
        {
            return;
        }

        throw (rules.Evaluate(caller, storeId, blocker.Path) & Capability.Read) != 0
            ? new PathConflictException(path.Value, blocker.Path, blocker.Id)
            : new PathConflictException(path.Value, path.Value, "");
    }

    /// <summary>The directory marker for <paramref name="path"/> when it lies more than <paramref name="depth"/> segments below the prefix.</summary>
    private static string? RollUp(PathPrefix prefix, string path, int depth)
    {
        var end = prefix.Value.Length - 1;
        for (var level = 0; level < depth; level++)
        {
            end = path.IndexOf('/', end + 1);
            if (end < 0)
            {
                return null;
            }
        }

        return path[..(end + 1)];
    }

    /// <summary>The first position after every path under <paramref name="directory"/> ('0' is the character after '/').</summary>
    private static PathBound SkipDirectory(string directory) => new(string.Concat(directory.AsSpan(0, directory.Length - 1), "0"), Inclusive: true);
}
