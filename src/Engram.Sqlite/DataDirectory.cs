using System.Text.Json;
using System.Text.Json.Serialization;
using Engram.Access;
using Engram.Identity;

namespace Engram.Sqlite;

/// <summary>
/// A local Engram data directory: <c>engram.db</c> (the SQLite database) and <c>engram.json</c> (the
/// manifest: format version and the local operator, the user that local-mode commands act as).
/// </summary>
public sealed class DataDirectory
{
    /// <summary>Where local mode looks when neither <c>--data</c> nor <c>ENGRAM_DATA</c> says otherwise.</summary>
    public const string DefaultPath = ".engram";

    /// <summary>The manifest format this version writes and reads.</summary>
    public const int FormatVersion = 1;

    private const string DatabaseFile = "engram.db";
    private const string ManifestFile = "engram.json";
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private DataDirectory(string root, DataManifest manifest)
    {
        Root = root;
        Manifest = manifest;
    }

    /// <summary>The directory's full path.</summary>
    public string Root { get; }

    /// <summary>The manifest.</summary>
    public DataManifest Manifest { get; }

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath => Path.Combine(Root, DatabaseFile);

    /// <summary>The caller that local-mode commands act as: the local operator, a user.</summary>
    public Caller LocalCaller => Caller.LocalOperator(Manifest.LocalUserId);

    /// <summary>True when <paramref name="root"/> holds an initialized data directory.</summary>
    public static bool Exists(string root) => File.Exists(Path.Combine(root, ManifestFile));

    /// <summary>
    /// Creates the data directory, its database and manifest. Returns the existing directory unchanged
    /// (and <c>created: false</c>) when it is already initialized.
    /// </summary>
    public static (DataDirectory Directory, bool Created) Initialize(string root, TimeProvider time, string? operatorName = null)
    {
        root = Path.GetFullPath(root);
        if (Exists(root))
        {
            return (Open(root), false);
        }

        Directory.CreateDirectory(root);
        var ids = new SortableIdGenerator(time);
        var manifest = new DataManifest(FormatVersion, ids.NewId(IdPrefix.User), operatorName ?? Environment.UserName, time.GetUtcNow());
        var temporary = Path.Combine(root, ManifestFile + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(manifest, ManifestJson));
        File.Move(temporary, Path.Combine(root, ManifestFile));
        return (new DataDirectory(root, manifest), true);
    }

    /// <summary>Opens an initialized data directory, or explains how to create one.</summary>
    public static DataDirectory Open(string root, string command = "engram")
    {
        root = Path.GetFullPath(root);
        var manifestPath = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new DataDirectoryException($"no Engram data directory at {root}; run `{command} init` there, or pass --data DIR (or set ENGRAM_DATA)");
        }

        DataManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DataManifest>(File.ReadAllText(manifestPath), ManifestJson);
        }
        catch (JsonException error)
        {
            throw new DataDirectoryException($"{manifestPath} is not a valid Engram manifest: {error.Message}");
        }

        if (manifest is null || manifest.Format != FormatVersion || string.IsNullOrEmpty(manifest.LocalUserId))
        {
            throw new DataDirectoryException($"{manifestPath} has format {manifest?.Format}; this Engram reads format {FormatVersion}");
        }

        return new DataDirectory(root, manifest);
    }

    /// <summary>Opens the database of this directory.</summary>
    public SqliteMemoryStorage OpenStorage(Durability durability = Durability.Full) =>
        SqliteMemoryStorage.Open(new SqliteStorageOptions(DatabasePath) { Durability = durability });
}

/// <summary>The contents of <c>engram.json</c>.</summary>
public sealed record DataManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("local_user_id")] string LocalUserId,
    [property: JsonPropertyName("local_user_name")] string LocalUserName,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

/// <summary>The data directory is missing or unreadable.</summary>
public sealed class DataDirectoryException(string message) : Errors.EngramException(Errors.ErrorType.InvalidRequest, "data_directory_error", message);
