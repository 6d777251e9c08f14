namespace CchcLedger.Api.Demo;

/// <summary>
/// The clock of a demo told on its own calendar: the loader sets the instant of each step, and every reading moves it on
/// by a second, so that each commit of a step gets an instant of its own. The ledger's clock never goes backwards
/// (<c>greatest(now, the last instant)</c>), so these instants are kept only on a ledger that holds nothing later:
/// an empty one.
/// </summary>
public sealed class DemoCalendar : TimeProvider
{
    private DateTimeOffset _now;

    public void Set(DateTimeOffset at) => _now = at.ToUniversalTime();

    /// <summary>The <paramref name="i"/>-th of a phase's slots: eight a working day (hourly from 08:00, from 13:30 after lunch, Vietnam time) from the phase's first day, weekends skipped.</summary>
    public void Slot(DateTimeOffset phaseStart, int i)
    {
        var day = phaseStart.ToOffset(TimeSpan.FromHours(7)).Date;
        static bool Weekend(DateTime d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        while (Weekend(day)) day = day.AddDays(1);
        for (var left = i / 8; left > 0; left--)
            do day = day.AddDays(1); while (Weekend(day));
        var hour = new[] { 8, 9, 10, 11, 13.5, 14.5, 15.5, 16.5 }[i % 8];
        Set(new DateTimeOffset(day, TimeSpan.FromHours(7)) + TimeSpan.FromHours(hour) + TimeSpan.FromMinutes(i % 7 * 3));
    }

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now = _now.AddSeconds(1);
        return now;
    }
}
