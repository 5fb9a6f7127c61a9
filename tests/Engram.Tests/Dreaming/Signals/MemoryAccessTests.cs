using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

public sealed class MemoryAccessTests
{
    private static List<(string Tool, string Path, MemoryAccessKind Access, string Signature)> Accesses(SignalEvents events) =>
        SessionSignals.Extract("sesn_a", "coder", events.Events).OfType<MemoryAccessSignal>().Select(s => (s.Tool, s.Path, s.Access, s.Signature)).ToList();

    [Fact]
    public void The_memory_tool_view_reads_and_create_or_str_replace_write()
    {
        var accesses = Accesses(new SignalEvents()
            .Call("memory", new { command = "view", path = "/memories" }, "dir")
            .Call("memory", new { command = "create", path = "/memories/build.md", file_text = "x" }, "ok")
            .Call("memory", new { command = "str_replace", path = "/memories/build.md", old_str = "x", new_str = "y" }, "ok"));

        Assert.Equal(
            [
                ("memory", "/memories", MemoryAccessKind.Read, "memory_access|/memories|read"),
                ("memory", "/memories/build.md", MemoryAccessKind.Write, "memory_access|/memories/build.md|write"),
                ("memory", "/memories/build.md", MemoryAccessKind.Write, "memory_access|/memories/build.md|write"),
            ],
            accesses);
    }

    [Fact]
    public void Mcp_memory_tools_and_file_tools_on_memory_paths_count()
    {
        var accesses = Accesses(new SignalEvents()
            .Call("mcp__engram__memory_view", new { path = "/memories/a.md" }, "x")
            .Call("memory_rename", new { old_path = "/memories/a.md", new_path = "/memories/b.md" }, "ok")
            .Call("memory_search", new { query = "build" }, "none")
            .Call("Read", new { file_path = "/home/ann/.engram/store/notes.md" }, "x")
            .Call("Edit", new { file_path = "/repo/memories/x.md" }, "x")
            .Call("Read", new { file_path = "/repo/src/app.py" }, "x")
            .Bash("cat /repo/memories/x.md", "x"));

        Assert.Equal(
            [
                ("mcp__engram__memory_view", "/memories/a.md", MemoryAccessKind.Read, "memory_access|/memories/a.md|read"),
                ("memory_rename", "/memories/a.md", MemoryAccessKind.Write, "memory_access|/memories/a.md|write"),
                ("memory_rename", "/memories/b.md", MemoryAccessKind.Write, "memory_access|/memories/b.md|write"),
                ("memory_search", "*", MemoryAccessKind.Read, "memory_access|*|read"),
                ("Read", "/home/ann/.engram/store/notes.md", MemoryAccessKind.Read, "memory_access|/home/ann/.engram/store/notes.md|read"),
                ("Edit", "/repo/memories/x.md", MemoryAccessKind.Write, "memory_access|/repo/memories/x.md|write"),
                ("Bash", "/repo/memories/x.md", MemoryAccessKind.Read, "memory_access|/repo/memories/x.md|read"),
            ],
            accesses);
    }
}
