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
    /// Versions newest first, with the compatible API's filters. Only versions whose path (at their time) the
    /// caller may read appear; a redacted version has no path, so it needs read on the whole store.
    /// </summary>
    public async Task<Page<MemoryVersion>> ListVersionsAsync(Caller caller, string storeId, VersionListQuery query, CancellationToken cancellationToken)
    {
        var filter = new VersionFilter(
            ValidateId(query.MemoryId, IdPrefix.Memory, "memory_id"),
            query.Operation,
            ValidateId(query.SessionId, IdPrefix.Session, "session_id"),
            ValidateId(query.ApiKeyId, IdPrefix.ApiKey, "api_key_id"),
            ValidateId(query.ServiceAccountId, IdPrefix.ServiceAccount, "service_account_id"),
            query.CreatedAtGte,
            query.CreatedAtLte);
        var limit = ListLimits.Resolve(query.Limit, query.View);
        var (rules, _) = await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        return await FilteredPageAsync(
            limit,
            PageToken.ParseTimeId(query.Page),
            (after, count) => storage.ListVersionsAsync(storeId, filter, after, count, query.View == MemoryView.Full, cancellationToken),
            version => (rules.Evaluate(caller, storeId, GuardPath(version)) & Capability.Read) != 0,
            version => new TimeIdCursor(version.CreatedAt, version.Id)).ConfigureAwait(false);
    }

    /// <summary>One version (content included with <see cref="MemoryView.Full"/> unless redacted or a deletion), if readable.</summary>
    public async Task<MemoryVersion> GetVersionAsync(Caller caller, string storeId, string versionId, MemoryView view, CancellationToken cancellationToken)
    {
        var (rules, _) = await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var version = await storage.GetVersionAsync(storeId, versionId, view == MemoryView.Full, cancellationToken).ConfigureAwait(false);
        if (version is not null && (rules.Evaluate(caller, storeId, GuardPath(version)) & Capability.Read) != 0)
        {
            return version;
        }

        // Recorded either way (for admins only), so a missing version and an unreadable one cost the same.
        await audit.ConcealedAsync(caller, "version.read", storeId, versionId, version is null ? "no such version; answered as not found" : "not readable by this caller; answered as not found", cancellationToken).ConfigureAwait(false);
        throw new NotFoundException("memory_version", versionId);
    }

    /// <summary>
    /// Clears a version's content, hash, size and path for good and keeps the record. Needs redact on the
    /// version's path. The version that holds a live memory's current content cannot be redacted: update or
    /// delete the memory first. Redacting a redacted version changes nothing.
    /// </summary>
    public async Task<MemoryVersion> RedactVersionAsync(Caller caller, string storeId, string versionId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync<MemoryVersion>(tx =>
        {
            var store = VisibleStore(tx, caller, rules, storeId);
            var version = tx.GetVersion(storeId, versionId);
            var allowed = version is null ? Capability.None : rules.Evaluate(caller, storeId, GuardPath(version));
            if (version is null || (allowed & Capability.Read) == 0)
            {
                return new Denial(caller, "version.redact", storeId, versionId, new NotFoundException("memory_version", versionId));
            }

            if (version.IsRedacted)
            {
                return version;
            }

            var decision = WriteGate.Decide(caller, rules, store, WriteIntent.Redact(version.Path!, versionId));
            if (decision.Verdict != WriteVerdict.Write)
            {
                return Denied(caller, "version.redact", storeId, versionId, decision);
            }

            var live = tx.GetMemory(storeId, version.MemoryId);
            if (live?.MemoryVersionId == version.Id)
            {
                throw new InvalidStateException(
                    $"memory_version {versionId} holds the current content of memory {live.Id}; update or delete the memory first, then redact this version");
            }

            tx.RedactVersion(storeId, versionId, Now(), caller.Actor);
            audit.Record(tx, caller, "version.redact", storeId, versionId);
            return tx.GetVersion(storeId, versionId)!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Extension: writes the content of an earlier version as a new version. The path stays where it is;
    /// a deleted memory is restored, with its id, at the path the version recorded. Needs update (create to
    /// restore); a caller that may only propose files a proposal.
    /// </summary>
    public async Task<WriteResult<Memory>> RevertMemoryAsync(Caller caller, string storeId, string memoryId, RevertMemoryRequest request, CancellationToken cancellationToken)
    {
        var versionId = request.VersionId ?? throw new InvalidRequestException("version_id", "is required: the version whose content to restore");
        var expected = request.ExpectedContentSha256 is null ? null : MemoryContent.ValidateSha256(request.ExpectedContentSha256, "expected_content_sha256");
        var reason = ValidateReason(request.Reason) ?? $"revert to {versionId}";
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await WriteAsync<Memory>(tx =>
        {
            var store = WriteGate.RequireOpen(VisibleStore(tx, caller, rules, storeId));
            var target = tx.GetVersion(storeId, versionId);
            if (target is null || (rules.Evaluate(caller, storeId, GuardPath(target)) & Capability.Read) == 0)
            {
                return new Denial(caller, "memory.revert", storeId, versionId, new NotFoundException("memory_version", versionId));
            }

            if (target.MemoryId != memoryId)
            {
                throw new InvalidRequestException("version_id", $"{versionId} is a version of memory {target.MemoryId}, not of {memoryId}");
            }

            if (target.IsRedacted || target.ContentSha256 is null)
            {
                throw new InvalidStateException(target.IsRedacted
                    ? $"memory_version {versionId} was redacted; its content is gone and cannot be restored"
                    : $"memory_version {versionId} records a deletion; pick a version that has content");
            }

            var content = tx.GetContent(target.ContentSha256)!;
            var now = Now();
            var current = tx.GetMemory(storeId, memoryId);
            if (current is null)
            {
                if (expected is not null)
                {
                    throw new PreconditionFailedException($"memory {memoryId} is deleted, so it has no content_sha256 to match {expected}");
                }

                var path = MemoryPath.Parse(target.Path, "version_id");
                var restoring = WriteGate.Decide(caller, rules, store, WriteIntent.Restore(path.Value, memoryId));
                if (restoring.Verdict != WriteVerdict.Write)
                {
                    return restoring.Verdict == WriteVerdict.Propose
                        ? FileProposal(tx, caller, storeId, ProposalOperation.Create, null, path.Value, null, content, target.ContentSha256, reason)
                        : Denied(caller, "memory.revert", storeId, memoryId, restoring);
                }

                EnsurePathIsFree(tx, caller, rules, storeId, path, movingMemoryId: null);
                var restored = new Memory(memoryId, storeId, path.Value, null, target.ContentSha256, target.ContentSizeBytes ?? 0, "", now, now);
                var created = NewVersion(caller, restored, VersionOperation.Created, now, reason);
                restored = restored with { MemoryVersionId = created.Id };
                tx.InsertMemory(restored);
                AppendVersion(tx, created);
                audit.Record(tx, caller, "memory.revert", storeId, memoryId, $"restored from {versionId}");
                return restored with { Content = content };
            }

            CheckPrecondition(current, expected);
            if (current.ContentSha256 == target.ContentSha256)
            {
                return current with { Content = content };
            }

            var decision = WriteGate.Decide(caller, rules, store, WriteIntent.Update(current.Path, memoryId));
            if (decision.Verdict != WriteVerdict.Write)
            {
                return decision.Verdict == WriteVerdict.Propose
                    ? FileProposal(tx, caller, storeId, ProposalOperation.Modify, current, current.Path, null, content, target.ContentSha256, reason)
                    : Denied(caller, "memory.revert", storeId, memoryId, decision);
            }

            var reverted = current with { ContentSha256 = target.ContentSha256, ContentSizeBytes = target.ContentSizeBytes ?? 0 };
            var version = NewVersion(caller, reverted, VersionOperation.Modified, now, reason);
            reverted = reverted with { MemoryVersionId = version.Id, UpdatedAt = now };
            tx.UpdateMemory(reverted);
            AppendVersion(tx, version);
            audit.Record(tx, caller, "memory.revert", storeId, memoryId, $"to {versionId}");
            return reverted with { Content = content };
        }, cancellationToken).ConfigureAwait(false);
    }
}
