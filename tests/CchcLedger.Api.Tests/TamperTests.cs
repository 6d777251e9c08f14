using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>Tampering done directly in the database, as its superuser: each kind is found, at the sequence where it was done.</summary>
public sealed class TamperTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoDistrictsSelfAssessed();
    }

    private static async Task<T> Sql<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static Task<long> Seq(string where) => Sql<long>($"select seq_id from cchc.mt_events where {where} order by seq_id limit 1");

    /// <summary>The first failure the API reports; <c>cchc verify</c> must report the same one and exit 1.</summary>
    private async Task<(long Sequence, string Kind)> Broken()
    {
        var report = await Get("/api/integrity/verification");
        Assert.False(report["ok"]!.GetValue<bool>(), "verification passed a tampered ledger");
        var failure = report["firstFailure"]!;
        var (sequence, kind) = (failure["sequence"]!.GetValue<long>(), failure["kind"]!.GetValue<string>());

        var (exit, output) = await CchcOnLedger("verify");
        Assert.Equal(1, exit);
        Assert.Contains($"sequence {sequence} ", output);
        Assert.Contains($" {kind}: ", output);
        return (sequence, kind);
    }

    [Fact]
    public async Task an_untouched_ledger_verifies_as_one_chain_and_cchc_verify_agrees()
    {
        var report = await Get("/api/integrity/verification");
        Assert.True(report["ok"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(await EventCount(), report["eventsChecked"]!.GetValue<long>());
        Assert.Equal(0, (await CchcOnLedger("verify")).Exit);
    }

    [Fact]
    public async Task a_changed_points_value_is_found_altered()
    {
        var target = await Seq("type = 'self_score_entered' and data->>'criterion' = '1.1'");
        await Sql<object>("update cchc.mt_events set data = jsonb_set(data, '{value,points}', '20') where seq_id = @s", ("s", target));
        Assert.Equal((target, "altered"), await Broken());
    }

    [Fact]
    public async Task a_changed_actor_is_found_altered()
    {
        var target = await Seq("type = 'self_assessment_submitted'");
        await Sql<object>("update cchc.mt_events set user_name = 'Người khác' where seq_id = @s", ("s", target));
        Assert.Equal((target, "altered"), await Broken());
    }

    [Fact]
    public async Task a_deleted_event_is_found_missing()
    {
        var target = await Seq("type = 'self_score_entered' and stream_id = 'scorecard-2017-van-quan'");
        await Sql<object>("delete from cchc.mt_events where seq_id = @s", ("s", target));
        Assert.Equal((target, "missing"), await Broken());
    }

    [Fact]
    public async Task a_forged_event_inserted_past_the_seal_is_found_inserted()
    {
        var forged = await Sql<long>("select max(seq_id) + 1 from cchc.mt_events");
        await Sql<object>(
            "alter table cchc.mt_events disable trigger seal_event; " +
            "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name) " +
            "select @f, gen_random_uuid(), stream_id, version + 1, jsonb_set(data, '{criterion}', '\"1.4\"'), type, timestamp, mt_dotnet_type, headers, user_name " +
            "from cchc.mt_events where stream_id = 'scorecard-2017-huu-lung' order by version desc limit 1; " +
            "alter table cchc.mt_events enable trigger seal_event", ("f", forged));
        Assert.Equal((forged, "inserted"), await Broken());
    }

    [Fact]
    public async Task two_events_swapped_are_found_reordered()
    {
        var first = await Seq("type = 'self_assessment_submitted' and stream_id = 'scorecard-2017-huu-lung'");
        var second = await Sql<long>("select min(seq_id) from cchc.mt_events where seq_id > @s", ("s", first));
        await Sql<object>("update cchc.mt_events set seq_id = -1 where seq_id = @a; update cchc.mt_events set seq_id = @a where seq_id = @b; update cchc.mt_events set seq_id = @b where seq_id = -1",
            ("a", first), ("b", second));
        Assert.Equal((first, "reordered"), await Broken());
    }
}

/// <summary>The application's own database role can append events and nothing more: the guard is the database's, not the code's.</summary>
public sealed class AppendOnlyTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Theory]
    [InlineData("update cchc.mt_events set data = data where seq_id = (select min(seq_id) from cchc.mt_events)")]
    [InlineData("delete from cchc.mt_events where seq_id = (select min(seq_id) from cchc.mt_events)")]
    [InlineData("truncate cchc.mt_events")]
    [InlineData("update cchc.event_chain set hash = prev_hash")]
    [InlineData("delete from cchc.event_chain")]
    [InlineData("alter table cchc.mt_events disable trigger seal_event")]
    [InlineData("drop trigger seal_event on cchc.mt_events")]
    [InlineData("create or replace function cchc.seal_event() returns trigger language plpgsql as $$ begin return null; end $$")]
    public async Task the_application_role_cannot_change_delete_or_unseal_events(string sql)
    {
        await SmallSetAdopted();
        var before = await EventCount();
        var appConnection = Host.Services.GetRequiredService<CchcLedger.Api.Hosting.LedgerDatabase>().ConnectionString;
        Assert.Contains($"Username={CchcLedger.Projections.AppendOnly.AppRole}", appConnection);

        await using var conn = new NpgsqlConnection(appConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var error = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.True(error.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {error.SqlState} {error.MessageText}");
        Assert.Equal(before, await EventCount());
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task the_application_role_appends_through_the_seal()
    {
        await SmallSetAdopted();
        var report = await Get("/api/integrity/verification");
        Assert.Equal((true, await EventCount()), (report["ok"]!.GetValue<bool>(), report["eventsChecked"]!.GetValue<long>()));
    }
}
