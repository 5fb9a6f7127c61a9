using System.Security.Cryptography;
using System.Text;
using Engram.Errors;

namespace Engram.Sync;

/// <summary>
/// Where a directory's sync state lives. Not in the directory: every name in it can be a memory path, so store
/// content could reach anything kept there. It lives under a state home, one directory per synced directory
/// (named by a hash of its real path), and the synced directory holds only a marker with a random id that the
/// state records. A directory deleted and made again has no marker (or another one): its old state is not
/// taken for a record of files deleted here, and both sides are compared afresh, which deletes nothing.
/// </summary>
internal sealed partial class SyncState
{
    /// <summary>The file in a synced directory that names it: the state it was synced with records the same id.</summary>
    public const string MarkerName = ".engram-sync-id";

    /// <summary>Where the state was kept before it moved out of the synced directory; it is migrated from there.</summary>
    public const string LegacyDirectoryName = ".engram-sync";

    /// <summary>The characters of the hex SHA-256 of a directory's real path that name its state: 128 bits.</summary>
    private const int KeyLength = 32;

    /// <summary>
    /// Where sync states live unless the caller names a place: <c>sync</c> under the <see cref="LocalStateHome"/>
    /// (<c>$XDG_STATE_HOME/engram/sync</c>, by default <c>~/.local/state/engram/sync</c>, or <c>%LOCALAPPDATA%\Engram\sync</c> on Windows).
    /// </summary>
    public static string DefaultHome() =>
        LocalStateHome.Find() is { } home
            ? Path.Combine(home, "sync")
            : throw new InvalidRequestException("state", "there is no home directory to keep sync state in; name a state directory");

    /// <summary>
    /// The store the state of <paramref name="directory"/> under <paramref name="home"/> (default <see cref="DefaultHome"/>)
    /// records, or null when no state describes that directory: never synced, a damaged state, or a directory
    /// deleted and made again. It only reads: a directory that is not there is not created. A state an earlier
    /// version left inside the directory is not read, since store content may have written it.
    /// </summary>
    public static string? StoreIdOf(string directory, string? home = null)
    {
        var local = new SyncDirectory(directory, TimeProvider.System);
        if (!System.IO.Directory.Exists(local.Root))
        {
            return null;
        }

        var state = Path.Combine(SyncDirectory.RealPath(home ?? DefaultHome()), Key(local.RealRoot));
        Loaded? loaded;
        try
        {
            loaded = Load(Path.Combine(state, SnapshotName), Path.Combine(state, JournalName));
        }
        catch (InvalidStateException)
        {
            return null; // the run that opens it reports what is wrong with it
        }

        var rootId = local.ReadMarker(MarkerName);
        return loaded is { Damaged: null, Saved: { } saved } && rootId is not null && saved.RootId == rootId ? saved.StoreId : null;
    }

    /// <summary>
    /// Opens (or starts) the state of <paramref name="local"/> under <paramref name="home"/>: a directory synced
    /// with another store is refused; a damaged state, or one made for a directory that is no longer there, is
    /// dropped and said so in <see cref="Notices"/>; a state still inside the directory is moved out.
    /// </summary>
    internal static SyncState Open(SyncDirectory local, string home, string storeId)
    {
        local.EnsureRoot();
        var realHome = SyncDirectory.RealPath(home);
        if (SyncDirectory.IsWithin(realHome, local.RealRoot))
        {
            throw new InvalidRequestException("state", $"must be outside the synced directory {local.Root} (got {home}): store content is written there");
        }

        var directory = Path.Combine(realHome, Key(local.RealRoot));
        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidStateException($"sync state: cannot create {directory}: {error.Message}");
        }

        var rootId = local.ReadMarker(MarkerName);
        var notices = new List<string>();
        var files = new Dictionary<string, SyncedFile>(StringComparer.Ordinal);
        var fresh = true;
        var loaded = Load(Path.Combine(directory, SnapshotName), Path.Combine(directory, JournalName));
        if (loaded is { Damaged: { } damaged })
        {
            notices.Add($"the sync state was damaged ({damaged}); it was rebuilt by comparing both sides, which deletes nothing");
        }
        else if (loaded?.Saved is { } saved && (rootId is null || saved.RootId != rootId))
        {
            notices.Add($"{local.Root} is not the directory its sync state was made for (its {MarkerName} is missing or different, as when a directory is deleted and made again): both sides are compared afresh, which deletes nothing");
        }
        else if (loaded?.Saved is { } same)
        {
            if (same.StoreId != storeId)
            {
                throw new InvalidRequestException("dir", $"{local.Root} is synced with store {same.StoreId}; use another directory for {storeId}");
            }

            files = loaded.Files;
            fresh = false;
        }
        else if (Migrate(local, storeId, directory, notices) is { } migrated)
        {
            files = migrated;
        }

        rootId ??= local.WriteMarker(MarkerName, Guid.NewGuid().ToString("N"));
        var state = new SyncState(directory, local.RealRoot, rootId, storeId, files, fresh);
        state.Notices.AddRange(notices);
        if (fresh)
        {
            state.Compact(); // the snapshot names the directory (its marker id) before the first change is journaled
        }

        RemoveLegacy(local);
        return state;
    }

    /// <summary>
    /// The state a version that kept it in the directory left there, or null when there is none. Only entries whose
    /// file is still here come along: that store content may have overwritten the old state is exactly the hole
    /// this move closes, and an entry for a missing file is what would turn into a store deletion, so such a
    /// memory is pulled back instead.
    /// </summary>
    private static Dictionary<string, SyncedFile>? Migrate(SyncDirectory local, string storeId, string directory, List<string> notices)
    {
        if (!local.HoldsDirectory(LegacyDirectoryName))
        {
            return null;
        }

        var legacy = Path.Combine(local.Root, LegacyDirectoryName);
        Loaded? loaded;
        try
        {
            loaded = Load(Path.Combine(legacy, SnapshotName), Path.Combine(legacy, JournalName));
        }
        catch (InvalidStateException unreadable)
        {
            loaded = new Loaded(null, [], unreadable.Message); // the old location is not worth failing over: start afresh
        }

        if (loaded is null)
        {
            return null;
        }

        if (loaded.Damaged is { } damaged)
        {
            notices.Add($"the sync state in {legacy} was damaged ({damaged}); it was rebuilt by comparing both sides, which deletes nothing");
            return null;
        }

        if (loaded.Saved is { } saved && saved.StoreId != storeId)
        {
            throw new InvalidRequestException("dir", $"{local.Root} is synced with store {saved.StoreId}; use another directory for {storeId}");
        }

        var kept = loaded.Files.Where(entry => local.HoldsFile(entry.Key)).ToDictionary(StringComparer.Ordinal);
        var left = loaded.Files.Count - kept.Count;
        notices.Add($"the sync state moved from {legacy} to {directory}" + (left == 0 ? "" : $"; {left} of its entries name files that are not here, so their memories are pulled back rather than deleted"));
        return kept;
    }

    /// <summary>Removes the state files a version that kept them in the directory left there (and the directory, when that empties it).</summary>
    private static void RemoveLegacy(SyncDirectory local)
    {
        if (local.HoldsDirectory(LegacyDirectoryName))
        {
            local.RemoveOwnFiles(LegacyDirectoryName, [SnapshotName, SnapshotName + ".tmp", JournalName]);
        }
    }

    private static string Key(string realRoot) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(realRoot)))[..KeyLength];
}
