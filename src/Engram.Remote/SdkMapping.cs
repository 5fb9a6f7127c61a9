using System.Text.Json;
using Anthropic.Models.Beta.MemoryStores;
using Anthropic.Models.Beta.MemoryStores.Memories;
using Anthropic.Models.Beta.MemoryStores.MemoryVersions;
using Engram.Access;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Remote;

/// <summary>The official SDK's objects to the library's, and the library's options to the SDK's.</summary>
internal static class SdkMapping
{
    public static readonly IReadOnlyDictionary<string, JsonElement> None = new Dictionary<string, JsonElement>();

    public static MemoryStore ToModel(this BetaManagedAgentsMemoryStore store) => new(
        store.ID, store.Name, store.Description ?? "", store.Metadata ?? new Dictionary<string, string>(),
        store.CreatedAt, store.UpdatedAt, store.ArchivedAt);

    public static Memory ToModel(this BetaManagedAgentsMemory memory) => new(
        memory.ID, memory.MemoryStoreID, memory.Path, memory.Content, memory.ContentSha256, memory.ContentSizeBytes,
        memory.MemoryVersionID, memory.CreatedAt, memory.UpdatedAt);

    public static MemoryListItem ToModel(this BetaManagedAgentsMemoryListItem item) =>
        item.TryPickBetaManagedAgentsMemory(out var memory) ? memory.ToModel() : new MemoryPrefix(item.Path);

    public static MemoryVersion ToModel(this BetaManagedAgentsMemoryVersion version) => new(
        version.ID, version.MemoryID, version.MemoryStoreID, Operation(version.Operation.Raw()), version.Path, version.Content,
        version.ContentSha256, version.ContentSizeBytes, version.CreatedAt, version.CreatedBy?.ToModel(), version.RedactedAt,
        version.RedactedBy?.ToModel())
    {
        Reason = Extension(version.RawData, "reason"),
        ApiKeyId = Extension(version.RawData, "api_key_id"),
        ProposalId = Extension(version.RawData, "proposal_id"),
        ReviewedBy = version.RawData.TryGetValue("reviewed_by", out var reviewer) && reviewer.ValueKind == JsonValueKind.Object
            ? reviewer.Deserialize<Engram.Wire.ActorJson>(Engram.Wire.WireJson.Options)?.ToModel()
            : null,
        DreamId = Extension(version.RawData, "dream_id"),
        EvidenceSessionIds = version.RawData.TryGetValue("evidence_session_ids", out var sessions) && sessions.ValueKind == JsonValueKind.Array
            ? sessions.EnumerateArray().Select(s => s.GetString() ?? "").ToList()
            : null,
    };

    public static Actor? ToModel(this BetaManagedAgentsActor actor)
    {
        var json = actor.Json;
        var type = json.GetProperty("type").GetString() ?? "";
        var field = type switch
        {
            "api_actor" => "api_key_id",
            "user_actor" => "user_id",
            "service_account_actor" => "service_account_id",
            _ => "session_id",
        };
        return json.TryGetProperty(field, out var id) ? Actor.FromWire(type, id.GetString() ?? "") : null;
    }

    public static BetaManagedAgentsMemoryView View(MemoryView view) =>
        view == MemoryView.Full ? BetaManagedAgentsMemoryView.Full : BetaManagedAgentsMemoryView.Basic;

    public static BetaManagedAgentsMemoryVersionOperation Operation(VersionOperation operation) => operation switch
    {
        VersionOperation.Created => BetaManagedAgentsMemoryVersionOperation.Created,
        VersionOperation.Modified => BetaManagedAgentsMemoryVersionOperation.Modified,
        _ => BetaManagedAgentsMemoryVersionOperation.Deleted,
    };

    /// <summary>Extension fields ride along as raw body data the SDK passes through untouched.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Body(string? reason) =>
        reason is null ? None : new Dictionary<string, JsonElement> { ["reason"] = JsonSerializer.SerializeToElement(reason) };

    private static VersionOperation Operation(string raw) => raw switch
    {
        "created" => VersionOperation.Created,
        "modified" => VersionOperation.Modified,
        _ => VersionOperation.Deleted,
    };

    private static string? Extension(IReadOnlyDictionary<string, JsonElement> raw, string name) =>
        raw.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
