using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Dreaming.Findings;
using Engram.Memories;
using Engram.Review;
using Engram.Testing;

namespace Engram.Tests.Review;

/// <summary>
/// An <see cref="EngramWorld"/> with one store, and dream proposals filed straight through the storage
/// writer (as the dream runner does), so review can be tested without running a dream.
/// </summary>
internal sealed class ReviewWorld(EngramWorld world, string storeId) : IAsyncDisposable
{
    public const string DreamId = "drm_01review0000000000000000";

    private bool _defaultRulesRemoved;

    public EngramEngine Engine => world.Engine;

    public IEngramClient Admin => world.Admin;

    public string StoreId { get; } = storeId;

    public static async Task<ReviewWorld> StartAsync()
    {
        var world = await EngramWorld.StartAsync();
        return new ReviewWorld(world, (await world.StoreAsync("team")).Id);
    }

    public async Task<Memory> WriteAsync(string path, string content) => (await Admin.CreateMemoryAsync(StoreId, new CreateMemoryRequest(path, content))).Value;

    public async Task<Memory> EditAsync(Memory memory, string content) => (await Admin.UpdateMemoryAsync(StoreId, memory.Id, new UpdateMemoryRequest(content))).Value;

    public async Task<string> ContentAsync(string path) => (await Admin.GetMemoryByPathAsync(StoreId, path)).Content!;

    /// <summary>Origin of a dream proposal seen in 7 of 20 sessions by 3 agents, with evidence from two sessions (one of them twice).</summary>
    public static DreamOrigin Origin(IReadOnlyList<RetiredMemory>? retires = null, bool untrusted = false) => new(
        "recovered_failure", "pytest-not-on-path", "pytest is not on PATH; run python -m pytest",
        new ProposalStatistics(7, 20, ["agent-a", "agent-b", "agent-c"], new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 9, 17, 0, 0, TimeSpan.Zero), 2),
        [new PatternEvidence("sesn_one", 12, "pytest: command not found"), new PatternEvidence("sesn_two", 4, "pytest: command not found"), new PatternEvidence("sesn_one", 14, "python -m pytest passed")],
        untrusted,
        retires ?? []);

    /// <summary>Files a dream proposal: a create (no memory), a modify or a merge of <paramref name="memory"/> to <paramref name="content"/>.</summary>
    public async Task<Proposal> FileAsync(
        ProposalOperation operation, Memory? memory, string path, string? content, string dreamId = DreamId, IReadOnlyList<RetiredMemory>? retires = null)
    {
        var sha = content is null ? null : MemoryContent.Sha256(content);
        var proposal = new Proposal(
            Engine.Ids.NewId("prop"), StoreId, memory?.Id, operation, path, null, memory?.ContentSha256, sha, content,
            "what the dream saw", world.AdminActor, ProposalStatus.Pending, Engine.Time.GetUtcNow())
        {
            DreamId = dreamId,
            Origin = Origin(retires),
        };
        return await Engine.Storage.WriteAsync(tx =>
        {
            if (content is not null)
            {
                tx.SaveContent(sha!, content);
            }

            tx.InsertProposal(proposal);
            return proposal;
        }, CancellationToken.None);
    }

    /// <summary>A member user whose only rules in this store are <paramref name="rules"/> (path, capabilities); the store's default rules go with the first member.</summary>
    public async Task<IEngramClient> MemberAsync(string name, params (string Path, string[] Capabilities)[] rules)
    {
        if (!_defaultRulesRemoved)
        {
            await world.RemoveStoreRulesAsync(StoreId);
            _defaultRulesRemoved = true;
        }

        var principal = await world.Admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, name));
        await world.AllowAsync(StoreId, principal.Id, rules);
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest(name, principal.Id));
        return await world.ClientForAsync(key.Secret);
    }

    public ValueTask DisposeAsync() => world.DisposeAsync();
}
