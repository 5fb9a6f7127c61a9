using Engram.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Tests.Identity;

public sealed class SortableIdGeneratorTests
{
    [Fact]
    public void Ids_carry_their_prefix_and_26_base32_characters()
    {
        var id = new SortableIdGenerator(TimeProvider.System).NewId(IdPrefix.Memory);
        Assert.Matches("^mem_[0-9A-HJKMNP-TV-Z]{26}$", id);
        Assert.True(IdPrefix.Matches(id, IdPrefix.Memory));
        Assert.False(IdPrefix.Matches(id, IdPrefix.MemoryVersion));
    }

    [Fact]
    public void Ids_made_later_sort_after_earlier_ones_even_within_one_millisecond()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var ids = new SortableIdGenerator(clock);
        var made = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            made.Add(ids.NewId("x"));
            if (i % 1000 == 999)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        Assert.Equal(made.Order(StringComparer.Ordinal), made);
        Assert.Equal(made.Count, made.Distinct().Count());
    }

    [Fact]
    public void A_clock_that_steps_back_does_not_break_the_order()
    {
        var clock = new SteppingClock { Now = DateTimeOffset.Parse("2026-11-25T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };
        var ids = new SortableIdGenerator(clock);
        var first = ids.NewId("x");
        clock.Now = clock.Now.AddSeconds(-5);
        var second = ids.NewId("x");
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }

    /// <summary>A clock that may be set backwards, as a real one can be by NTP.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
