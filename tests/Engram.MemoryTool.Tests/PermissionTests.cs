using Engram.Access;
using Engram.Access.Policies;
using Engram.Memories;
using Engram.Review;

namespace Engram.MemoryTool.Tests;

/// <summary>An agent session behind the tool: proposals outside its corner, hidden paths look missing, writes carry the session.</summary>
public sealed class PermissionTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_agent_writing_org_knowledge_files_a_proposal_and_the_store_is_unchanged()
    {
        await _world.WriteAsync(("/org/policy.md", "old policy\n"));
        var (agent, _) = await _world.SessionAsync("deployer");
        var tool = new MemoryToolHandler(agent, _world.StoreId);

        var created = await tool.CreateAsync("/memories/org/new.md", "new", CancellationToken.None);
        var edited = await tool.StrReplaceAsync("/memories/org/policy.md", "old", "better", CancellationToken.None);

        var proposals = (await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data;
        var create = Assert.Single(proposals, p => p.Operation == ProposalOperation.Create);
        var modify = Assert.Single(proposals, p => p.Operation == ProposalOperation.Modify);
        Assert.Equal(new MemoryToolResult($"Proposal {create.Id} was filed for review: you may only propose changes to /memories/org/new.md, so it stays as it was until a reviewer accepts the proposal.", false), created);
        Assert.Equal(new MemoryToolResult($"Proposal {modify.Id} was filed for review: you may only propose changes to /memories/org/policy.md, so it stays as it was until a reviewer accepts the proposal.", false), edited);
        Assert.Equal("better policy\n", (await _world.Admin.GetProposalAsync(_world.StoreId, modify.Id)).Proposal.Content);
        Assert.Equal(["/org/policy.md"], await _world.PathsAsync());
        Assert.Equal("old policy\n", await _world.ContentAsync("/org/policy.md"));
    }

    [Fact]
    public async Task An_agent_creating_a_file_that_exists_gets_the_error_a_writer_gets_and_files_nothing()
    {
        await _world.WriteAsync(("/org/policy.md", "old policy\n"));
        var (agent, _) = await _world.SessionAsync("deployer");
        var tool = new MemoryToolHandler(agent, _world.StoreId);

        var created = await tool.CreateAsync("/memories/org/policy.md", "new policy\n", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: File /memories/org/policy.md already exists", true), created);
        Assert.Empty((await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data);
        Assert.Equal("old policy\n", await _world.ContentAsync("/org/policy.md"));
    }

    [Fact]
    public async Task An_agent_deleting_an_org_directory_files_one_proposal_per_memory()
    {
        await _world.WriteAsync(("/org/a.md", "a"), ("/org/b.md", "b"));
        var (agent, _) = await _world.SessionAsync("deployer");

        var result = await new MemoryToolHandler(agent, _world.StoreId).DeleteAsync("/memories/org", CancellationToken.None);

        var ids = (await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data
            .OrderBy(p => p.Path, StringComparer.Ordinal).Select(p => p.Id).ToList();
        Assert.Equal(new MemoryToolResult($"Proposals {ids[0]}, {ids[1]} were filed for review: you may only propose changes to /memories/org, so they stay as they were until a reviewer accepts the proposals.", false), result);
        Assert.Equal(["/org/a.md", "/org/b.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task A_path_the_agent_may_not_read_looks_missing()
    {
        await _world.WriteAsync(("/secret/key.md", "hunter2"), ("/open.md", "hi"));
        await _world.Admin.AddPolicyAsync(new AddPolicyRequest(_world.StoreId, "agent:*", "/secret/**", ["read", "list", "propose"], "deny"));
        var (agent, _) = await _world.SessionAsync("deployer");
        var tool = new MemoryToolHandler(agent, _world.StoreId);

        var file = await tool.ViewAsync("/memories/secret/key.md", null, CancellationToken.None);
        var directory = await tool.ViewAsync("/memories/secret", null, CancellationToken.None);
        var root = await tool.ViewAsync("/memories", null, CancellationToken.None);
        var edit = await tool.StrReplaceAsync("/memories/secret/key.md", "hunter2", "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("The path /memories/secret/key.md does not exist. Please provide a valid path.", true), file);
        Assert.Equal(new MemoryToolResult("The path /memories/secret does not exist. Please provide a valid path.", true), directory);
        Assert.DoesNotContain("secret", root.Text, StringComparison.Ordinal);
        Assert.Equal(new MemoryToolResult("Error: The path /memories/secret/key.md does not exist. Please provide a valid path.", true), edit);
    }

    [Fact]
    public async Task A_write_the_agent_may_neither_make_nor_propose_is_a_read_only_error()
    {
        await _world.WriteAsync(("/locked/rules.md", "rules"));
        await _world.Admin.AddPolicyAsync(new AddPolicyRequest(_world.StoreId, "agent:*", "/locked/**", ["propose"], "deny"));
        var (agent, _) = await _world.SessionAsync("deployer");
        var tool = new MemoryToolHandler(agent, _world.StoreId);

        var create = await tool.CreateAsync("/memories/locked/new.md", "x", CancellationToken.None);
        var delete = await tool.DeleteAsync("/memories/locked/rules.md", CancellationToken.None);
        var rename = await tool.RenameAsync("/memories/locked/rules.md", "/memories/agents/deployer/rules.md", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: You may not write /memories/locked/new.md; this path is read-only for you.", true), create);
        Assert.Equal(new MemoryToolResult("Error: You may not write /memories/locked/rules.md; this path is read-only for you.", true), delete);
        Assert.Equal(new MemoryToolResult("Error: You may not move /memories/locked/rules.md to /memories/agents/deployer/rules.md; one of these paths is read-only for you.", true), rename);
        Assert.Equal(["/locked/rules.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task An_agent_writes_its_own_corner_as_its_session()
    {
        var (agent, sessionId) = await _world.SessionAsync("deployer");
        var tool = new MemoryToolHandler(agent, _world.StoreId, "/agents/deployer/");

        var created = await tool.CreateAsync("/memories/progress.md", "step 1\n", CancellationToken.None);
        var inserted = await tool.InsertAsync("/memories/progress.md", 1, "step 2", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("File created successfully at: /memories/progress.md", false), created);
        Assert.Equal(new MemoryToolResult("The file /memories/progress.md has been edited.", false), inserted);
        var memory = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/agents/deployer/progress.md");
        Assert.Equal("step 1\nstep 2\n", memory.Content);
        var version = await _world.Admin.GetVersionAsync(_world.StoreId, memory.MemoryVersionId);
        Assert.Equal(Actor.Session(sessionId), version.CreatedBy);
    }
}
