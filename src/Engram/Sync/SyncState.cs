using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engram.Sync;

/// <summary>What a sync directory last agreed with its store, per path: the memory and the content hash both sides had.</summary>
/// <param name="MemoryId">The memory (ids survive renames).</param>
/// <param name="Sha256">The content hash both sides held after the last sync of this path.</param>
/// <param name="ReadOnly">The store refused this caller's write here: the file is kept read-only.</param>
/// <param name="Size">The file's length when it last held <paramref name="Sha256"/>.</param>
/// <param name="Modified">The file's last write time (UTC ticks) then: a file with the same size and time is not read again.</param>
public sealed record SyncedFile(string MemoryId, string Sha256, bool ReadOnly = false, long Size = -1, long Modified = 0);

/// <summary>
/// The sync state of a directory, kept in <c>.engram-sync/</c>: a snapshot plus a journal of every change
/// since. Each change is appended to the journal (and reaches the OS) the moment it is made, so a sync killed
/// at any point resumes knowing everything it did; the snapshot is rewritten (temp file and rename) and the
/// journal emptied at the end of each run.
/// </summary>
public sealed class SyncState : IDisposable
{
    public const string DirectoryName = ".engram-sync";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };

    private readonly string _snapshot;
    private readonly string _journalPath;
    private FileStream _journal;

    private SyncState(string directory, string storeId, Dictionary<string, SyncedFile> files)
    {
        _snapshot = Path.Combine(directory, "state.json");
        _journalPath = Path.Combine(directory, "journal.jsonl");
        StoreId = storeId;
        Files = files;
        _journal = new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The store this directory is synced with.</summary>
    public string StoreId { get; }

    /// <summary>Per store path, what was last agreed.</summary>
    public Dictionary<string, SyncedFile> Files { get; }

    /// <summary>Opens (or starts) the state of <paramref name="root"/>; a directory synced with another store is refused.</summary>
    public static SyncState Open(string root, string storeId)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, DirectoryName)).FullName;
        var snapshot = Path.Combine(directory, "state.json");
        var files = new Dictionary<string, SyncedFile>(StringComparer.Ordinal);
        if (File.Exists(snapshot))
        {
            var saved = JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(snapshot), Json) ?? throw new InvalidDataException($"{snapshot} is empty");
            if (saved.StoreId != storeId)
            {
                throw new Errors.InvalidRequestException("dir", $"{root} is synced with store {saved.StoreId}; use another directory for {storeId}");
            }

            foreach (var (path, file) in saved.Files)
            {
                files[path] = file;
            }
        }

        var journal = Path.Combine(directory, "journal.jsonl");
        if (File.Exists(journal))
        {
            foreach (var line in File.ReadLines(journal))
            {
                // A line cut short by a kill is the one change not known to have happened; it is redone.
                if (TryParse(line) is { } entry)
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

        return new SyncState(directory, storeId, files);
    }

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
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Snapshot(StoreId, Files), Json));
        File.Move(temporary, _snapshot, overwrite: true);
        _journal.Dispose();
        _journal = new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    public void Dispose() => _journal.Dispose();

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

    private sealed record Snapshot(string StoreId, Dictionary<string, SyncedFile> Files);

    private sealed record Entry(string Path, SyncedFile? File);
}
