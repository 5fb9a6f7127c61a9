using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engram.Sync;

/// <summary>What a sync directory last agreed with its store, per path: the memory and the content hash both sides had.</summary>
/// <param name="MemoryId">The memory (ids survive renames).</param>
/// <param name="Sha256">The content hash both sides held after the last sync of this path.</param>
/// <param name="ReadOnly">The store refused this caller's write here: the file is kept read-only.</param>
/// <param name="Size">The file's length when it last held <paramref name="Sha256"/>.</param>
/// <param name="Modified">The file's last write time (UTC ticks) then: a file with the same size and time is not read again.</param>
internal sealed record SyncedFile(string MemoryId, string Sha256, bool ReadOnly = false, long Size = -1, long Modified = 0);

/// <summary>
/// The sync state of a directory: a snapshot plus a journal of every change since. Each change is appended to
/// the journal (and reaches the OS) the moment it is made, so a sync killed at any point resumes knowing
/// everything it did; the snapshot is rewritten (temp file and rename) and the journal emptied at the end of
/// each run. It lives outside the synced directory (see <see cref="DefaultHome"/>), where nothing the store
/// holds can be written, and a state that cannot be parsed is dropped and rebuilt, which deletes nothing.
/// </summary>
internal sealed partial class SyncState : IDisposable
{
    private const string SnapshotName = "state.json";
    private const string JournalName = "journal.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };

    private readonly string _snapshot;
    private readonly string _journalPath;
    private readonly string _root;
    private readonly string _rootId;
    private FileStream _journal;

    private SyncState(string directory, string root, string rootId, string storeId, Dictionary<string, SyncedFile> files, bool fresh)
    {
        Directory = directory;
        _snapshot = Path.Combine(directory, SnapshotName);
        _journalPath = Path.Combine(directory, JournalName);
        _root = root;
        _rootId = rootId;
        StoreId = storeId;
        Files = files;
        _journal = new FileStream(_journalPath, fresh ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The directory that holds this state (outside the synced directory).</summary>
    public string Directory { get; }

    /// <summary>The store this directory is synced with.</summary>
    public string StoreId { get; }

    /// <summary>Per store path, what was last agreed.</summary>
    public Dictionary<string, SyncedFile> Files { get; }

    /// <summary>What opening the state had to repair or move, in words for the run's report.</summary>
    public List<string> Notices { get; } = [];

    /// <summary>Records what both sides now hold at <paramref name="path"/> (null: the path is gone on both).</summary>
    public void Record(string path, SyncedFile? file)
    {
        if (file is null)
        {
            Files.Remove(path);
        }
        else
        {
            Files[path] = file;
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(new Entry(path, file), Json);
        _journal.Write(line);
        _journal.WriteByte((byte)'\n');
        _journal.Flush(); // to the OS: survives the process being killed
    }

    /// <summary>Folds the journal into the snapshot.</summary>
    public void Compact()
    {
        var temporary = _snapshot + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Snapshot(StoreId, Files, _rootId, _root), Json));
        File.Move(temporary, _snapshot, overwrite: true);
        _journal.Dispose();
        _journal = new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    public void Dispose() => _journal.Dispose();

    /// <summary>
    /// Reads a snapshot and the journal written after it: null when neither exists, a <see cref="Loaded.Damaged"/>
    /// reason when they do not hold a state (not JSON, a field missing, a path that is no memory path).
    /// A journal line cut short by a kill is the one change not known to have happened: it is skipped and redone.
    /// </summary>
    private static Loaded? Load(string snapshot, string journal)
    {
        foreach (var file in (string[])[snapshot, journal])
        {
            if (System.IO.Directory.Exists(file))
            {
                throw new Errors.InvalidStateException($"sync state: {file} is a directory, not a file; move it away or name another state directory");
            }
        }

        if (!File.Exists(snapshot) && !File.Exists(journal))
        {
            return null;
        }

        try
        {
            Snapshot? saved = null;
            if (File.Exists(snapshot))
            {
                saved = JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(snapshot), Json);
                if (saved is null || string.IsNullOrEmpty(saved.StoreId) || saved.Files is null)
                {
                    return new Loaded(null, [], $"{snapshot} holds no store id or no files");
                }
            }

            var files = new Dictionary<string, SyncedFile>(StringComparer.Ordinal);
            foreach (var (path, file) in saved?.Files ?? [])
            {
                if (!Valid(path, file))
                {
                    return new Loaded(null, [], $"{snapshot} has an entry that is not a memory path with a memory id and a hash ({path})");
                }

                files[path] = file;
            }

            if (File.Exists(journal))
            {
                foreach (var line in File.ReadLines(journal))
                {
                    if (TryParse(line) is { } entry && MemoryPathIsValid(entry.Path) && (entry.File is null || Valid(entry.Path, entry.File)))
                    {
                        if (entry.File is null)
                        {
                            files.Remove(entry.Path);
                        }
                        else
                        {
                            files[entry.Path] = entry.File;
                        }
                    }
                }
            }

            return new Loaded(saved, files, null);
        }
        catch (JsonException error)
        {
            return new Loaded(null, [], $"{snapshot} is not a sync state ({error.Message})");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new Errors.InvalidStateException($"sync state: cannot read {snapshot} or {journal}: {error.Message}");
        }
    }

    private static bool Valid(string path, SyncedFile? file) =>
        MemoryPathIsValid(path) && file is not null && !string.IsNullOrEmpty(file.MemoryId) && !string.IsNullOrEmpty(file.Sha256);

    private static bool MemoryPathIsValid(string? path) => Memories.MemoryPath.IsValid(path);

    private static Entry? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A state as read: <see cref="Damaged"/> says why it could not be used (then <see cref="Files"/> is empty).</summary>
    private sealed record Loaded(Snapshot? Saved, Dictionary<string, SyncedFile> Files, string? Damaged);

    /// <param name="StoreId">The store the directory is synced with.</param>
    /// <param name="Files">Per store path, what was last agreed.</param>
    /// <param name="RootId">The id in the synced directory's marker file when this state was written.</param>
    /// <param name="Root">The synced directory, for a person reading the state.</param>
    private sealed record Snapshot(string StoreId, Dictionary<string, SyncedFile> Files, string? RootId = null, string? Root = null);

    private sealed record Entry(string Path, SyncedFile? File);
}
