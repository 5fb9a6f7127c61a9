using Engram.Dreaming.Dreams;
using Engram.Errors;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamListTests
{
    [Fact]
    public async Task Dreams_list_newest_first_in_pages_with_status_time_and_archive_filters()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(1, new HashSet<int>());
        var created = new List<Dream>();
        for (var i = 0; i < 5; i++)
        {
            world.Time.Advance(TimeSpan.FromMinutes(1));
            created.Add(await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None));
        }

        await world.Dreams.CancelAsync(world.Admin, created[1].Id, CancellationToken.None);
        await world.Dreams.CancelAsync(world.Admin, created[3].Id, CancellationToken.None);
        await world.Dreams.ArchiveAsync(world.Admin, created[3].Id, CancellationToken.None);

        var ids = new List<string>();
        string? page = null;
        do
        {
            var result = await world.Dreams.ListAsync(world.Admin, new DreamListQuery(Limit: 2, Page: page), CancellationToken.None);
            Assert.InRange(result.Data.Count, 1, 2);
            ids.AddRange(result.Data.Select(d => d.Id));
            page = result.NextPage;
        }
        while (page is not null);
        Assert.Equal([created[4].Id, created[2].Id, created[1].Id, created[0].Id], ids);

        var all = await world.Dreams.ListAsync(world.Admin, new DreamListQuery(IncludeArchived: true), CancellationToken.None);
        Assert.Equal(created.Select(d => d.Id).Reverse(), all.Data.Select(d => d.Id));

        var canceled = await world.Dreams.ListAsync(world.Admin, new DreamListQuery([DreamStatus.Canceled], IncludeArchived: true), CancellationToken.None);
        Assert.Equal([created[3].Id, created[1].Id], canceled.Data.Select(d => d.Id));

        var between = await world.Dreams.ListAsync(world.Admin, new DreamListQuery(CreatedAfter: created[0].CreatedAt, CreatedBefore: created[4].CreatedAt), CancellationToken.None);
        Assert.Equal([created[2].Id, created[1].Id], between.Data.Select(d => d.Id));

        await Assert.ThrowsAsync<InvalidRequestException>(() => world.Dreams.ListAsync(world.Admin, new DreamListQuery(Limit: 101), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidRequestException>(() => world.Dreams.ListAsync(world.Admin, new DreamListQuery(Page: "garbage"), CancellationToken.None));
    }

    [Fact]
    public async Task Another_member_cannot_see_list_cancel_or_archive_a_dream_but_an_admin_can()
    {
        await using var world = await DreamWorld.StartAsync();
        var owner = await world.MemberAsync("olga");
        var stranger = await world.MemberAsync("sam");
        var sessions = await world.FleetAsync(1, new HashSet<int>(), owner);
        var dream = await world.Dreams.CreateAsync(owner, world.Request(sessions), CancellationToken.None);

        await Assert.ThrowsAsync<NotFoundException>(() => world.Dreams.GetAsync(stranger, dream.Id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Dreams.CancelAsync(stranger, dream.Id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Dreams.ArchiveAsync(stranger, dream.Id, CancellationToken.None));
        Assert.Empty((await world.Dreams.ListAsync(stranger, new DreamListQuery(), CancellationToken.None)).Data);

        Assert.Equal(dream.Id, (await world.Dreams.GetAsync(owner, dream.Id, CancellationToken.None)).Id);
        Assert.Equal(dream.Id, Assert.Single((await world.Dreams.ListAsync(owner, new DreamListQuery(), CancellationToken.None)).Data).Id);
        Assert.Equal(dream.Id, Assert.Single((await world.Dreams.ListAsync(world.Admin, new DreamListQuery(), CancellationToken.None)).Data).Id);
        Assert.Equal(DreamStatus.Canceled, (await world.Dreams.CancelAsync(world.Admin, dream.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Only_a_finished_dream_can_be_archived_and_archiving_twice_changes_nothing()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(1, new HashSet<int>());
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidStateException>(() => world.Dreams.ArchiveAsync(world.Admin, dream.Id, CancellationToken.None));
        await world.Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None);
        var archived = await world.Dreams.ArchiveAsync(world.Admin, dream.Id, CancellationToken.None);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await world.Dreams.ArchiveAsync(world.Admin, dream.Id, CancellationToken.None);

        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal(archived.ArchivedAt, again.ArchivedAt);
        Assert.Empty((await world.Dreams.ListAsync(world.Admin, new DreamListQuery(), CancellationToken.None)).Data);
        await Assert.ThrowsAsync<InvalidStateException>(() => world.Dreams.CancelAsync(world.Admin, dream.Id, CancellationToken.None));
    }
}
