using System.Text.Json.Nodes;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The reviews of issue #12, each made a test: the canonical form as documented (case 1), what the seal refuses
/// (case 5), and what the application's own database role (<c>cchc_app</c>) could do with verification still "ok"
/// (cases 10–12). Cases 2–4, 8 and 9 are in <see cref="BundleTests"/>; 6 and 7 are the vectors' (VectorTests).
/// </summary>
public sealed class IntegrityCaseTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private string AppConnection => Host.Services.GetRequiredService<LedgerDatabase>().ConnectionString;

    private static async Task<int> Sql(string connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresException> Refused(string connection, string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql(connection, sql));
        return error;
    }

    private async Task<JsonNode> Failure()
    {
        var report = await Get("/api/integrity/verification");
        Assert.False(report["ok"]!.GetValue<bool>(), $"verification passed: {report.ToJsonString()}");
        return report["firstFailure"]!;
    }

    [Fact]
    public async Task case_1_the_documented_event_vector_is_exactly_what_the_database_seals()
    {
        var vector = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "integrity", "vectors", "event-leaves.json")))!["vectors"]!
            .AsArray().First(v => v!["name"]!.GetValue<string>() == "sealed-by-the-database")!;
        await EmptyLedger(); // the vector is the ledger's first event
        var row = vector["row"]!;
        var owner = await TestDatabase.ConnectionStringAsync();
        await Sql(owner,
            "insert into cchc.mt_streams (id, version, timestamp, created) values (@stream, 1, now(), now()); " +
            "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name, correlation_id, causation_id, tenant_id, is_archived) " +
            "values (@seq, @id::uuid, @stream, @version, @data::jsonb, @type, @timestamp::timestamptz, @dotnet, @headers::jsonb, @user, @correlation, @causation, @tenant, false)",
            ("seq", row["sequence"]!.GetValue<long>()), ("id", row["id"]!.GetValue<string>()), ("stream", row["stream"]!.GetValue<string>()),
            ("version", row["version"]!.GetValue<long>()), ("data", row["data"]!.GetValue<string>()), ("type", row["type"]!.GetValue<string>()),
            ("timestamp", row["timestamp"]!.GetValue<string>()), ("dotnet", row["dotnetType"]!.GetValue<string>()), ("headers", row["headers"]!.GetValue<string>()),
            ("user", row["userName"]!.GetValue<string>()), ("correlation", row["correlationId"]!.GetValue<string>()), ("causation", (object?)row["causationId"]?.GetValue<string>() ?? DBNull.Value),
            ("tenant", row["tenantId"]!.GetValue<string>()));

        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select leaf, hash from cchc.event_chain where seq_id = @s", conn);
        cmd.Parameters.AddWithValue("s", row["sequence"]!.GetValue<long>());
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(vector["leaf"]!.GetValue<string>(), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(0)));
        Assert.Equal(vector["hash"]!.GetValue<string>(), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1)));
        // The instant is written bare, as the specification says, not length-prefixed.
        Assert.Contains("\n2026-11-20T01:02:03.456789Z\n", vector["canonical"]!.GetValue<string>());
    }

    [Fact]
    public async Task case_5_the_seal_refuses_a_null_archive_flag_and_any_value_outside_the_sealed_form_and_a_later_null_is_found()
    {
        await SmallSetAdopted();
        var owner = await TestDatabase.ConnectionStringAsync();
        var before = await EventCount();
        const string insert = "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, is_archived{0}) " +
                              "select max(seq_id) + 1, gen_random_uuid(), 'criteria-set-2017-districts', 3, '{{}}', 'criteria_set_adopted', now(), 'x', {1}{2} from cchc.mt_events";
        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused(owner, string.Format(insert, "", "null", ""))).SqlState);
        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync();
            foreach (var column in await Projections.EventSeals.UnsealedColumnsAsync(conn))
                Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused(owner, string.Format(insert, $", {column}", "false", $", '\\x01'::bytea"))).SqlState);
        }
        Assert.Equal(before, await EventCount());

        // A flag set to NULL after the seal (as the superuser) is no longer what was sealed.
        var target = (await Get("/api/integrity/verification"))["eventsChecked"]!.GetValue<long>();
        Assert.True(target > 0);
        await Sql(owner, "update cchc.mt_events set is_archived = null where seq_id = (select min(seq_id) from cchc.mt_events)");
        Assert.Equal("altered", (await Failure())["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task case_10_a_scorecard_document_changed_by_the_application_role_is_found_by_verification_and_stops_publication()
    {
        await TwoDistrictsSelfAssessed();
        var ranking = await Get("/api/years/2017/rankings/districts");
        var total = ranking["entries"]!.AsArray().First(e => e!["agency"]!.GetValue<string>() == "huu-lung")!["total"]!.GetValue<decimal>();
        Assert.Equal(1, await Sql(AppConnection,
            "update cchc.mt_doc_scorecard set data = jsonb_set(data, '{leaves,1.1,self,points}', '20') where id = 'scorecard-2017-huu-lung'"));
        var view = await Get("/api/years/2017/scorecards/huu-lung");
        Assert.Equal(total + 2, Dec(view["total"]));   // the scorecard served moved: what the reviewer saw
        // The live ranking reads the open score versions, the other projection a forger would change.
        Assert.Equal(1, await Sql(AppConnection,
            $"update cchc.mt_doc_scoreversion set data = jsonb_set(data, '{{score,total}}', '{(total + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}') " +
            "where scorecard_id = 'scorecard-2017-huu-lung' and valid_to = '9999-01-01T00:00:00Z'"));
        var served = (await Get("/api/years/2017/rankings/districts"))["entries"]!.AsArray().First(e => e!["agency"]!.GetValue<string>() == "huu-lung")!["total"]!.GetValue<decimal>();
        Assert.Equal(total + 2, served);

        var failure = await Failure();
        Assert.Equal(("projection", "scorecard-2017-huu-lung"), (failure["kind"]!.GetValue<string>(), failure["stream"]!.GetValue<string>()));
        Assert.Contains("leaves.1.1.self.points", failure["detail"]!.GetValue<string>());
        var (exit, output) = await CchcOnLedger("verify");
        Assert.Equal(1, exit);
        Assert.Contains(" projection: ", output);

        var before = await EventCount();
        var problem = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 500);
        AssertProblemNames(problem, "block");
        Assert.Contains("huu-lung", problem["errors"]!["block"]![0]!.GetValue<string>());
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_database_clock_set_back_is_a_503_that_writes_nothing_and_writes_resume_when_it_catches_up()
    {
        await SmallSetAdopted();
        var before = await EventCount();
        // As if the database server's clock had been stepped back a minute: the ledger's clock now stands ahead of it.
        await Sql(OwnerConnection, "update cchc.ledger_clock set recorded_at = clock_timestamp() + interval '1 minute'");
        var (status, problem, response) = await PostWith("/api/agencies", new { code = "huu-lung", name = "UBND huyện Hữu Lũng", block = "districts" });
        Assert.Equal(503, status);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        AssertProblemNames(problem, "database");
        Assert.Contains("clock", problem!["errors"]!["database"]![0]!.GetValue<string>());
        Assert.Equal(before, await EventCount());

        // The database's clock has caught up (here: the row is put back where it stood): writes land again.
        await Sql(OwnerConnection, "update cchc.ledger_clock set recorded_at = (select max(timestamp) from cchc.mt_events)");
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        Assert.Equal(before + 1, await EventCount());
    }

    [Fact]
    public async Task case_11_the_application_role_cannot_move_the_ledger_clock_and_the_seal_refuses_an_instant_ahead_of_the_database()
    {
        await SmallSetAdopted();
        var before = await EventCount();
        foreach (var sql in new[]
                 {
                     "update cchc.ledger_clock set recorded_at = '2099-01-01T00:00:00Z'",
                     "insert into cchc.ledger_clock (id, recorded_at) values (2, '2099-01-01T00:00:00Z')",
                     "delete from cchc.ledger_clock",
                 })
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Refused(AppConnection, sql)).SqlState);

        // Stamping an event itself with 2099, straight into the table: the seal refuses it.
        var forged = await Refused(AppConnection,
            "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, is_archived) " +
            "values (nextval('cchc.mt_events_sequence'), gen_random_uuid(), 'criteria-set-2017-districts', 3, '{}', 'criteria_set_adopted', '2099-01-01T00:00:00Z', 'x', false)");
        Assert.Equal(PostgresErrorCodes.CheckViolation, forged.SqlState);
        Assert.Contains("ahead of the database clock", forged.MessageText);
        Assert.Equal(before, await EventCount());

        // Recorded instants come from the database even when the application's clock runs days ahead.
        Clock.Advance(TimeSpan.FromDays(3));
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await using var session = Store.QuerySession();
        var last = await Marten.QueryableExtensions.FirstAsync(session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence));
        Assert.True(last.Timestamp < DateTimeOffset.UtcNow.AddSeconds(5), $"recorded at {last.Timestamp:O}");
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task case_12_an_event_inserted_with_the_application_roles_credentials_is_sealed_but_found_unauthenticated()
    {
        await TwoDistrictsSelfAssessed();
        await Sql(AppConnection,
            "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name, tenant_id, is_archived) " +
            "select nextval('cchc.mt_events_sequence'), gen_random_uuid(), stream_id, version + 1, " +
            "'{\"value\": {\"points\": 5}, \"reason\": \"Phúc khảo\", \"criterion\": \"1.1\", \"decisionRef\": \"QĐ giả\"}', 'points_adjusted', now(), mt_dotnet_type, headers, " +
            "'Chủ tịch UBND tỉnh', tenant_id, false from cchc.mt_events where stream_id = 'scorecard-2017-huu-lung' order by version desc limit 1");
        await using (var conn = new NpgsqlConnection(AppConnection))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select count(*) from cchc.event_chain c join cchc.mt_events e using (seq_id) where e.user_name = 'Chủ tịch UBND tỉnh'", conn);
            Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);   // sealed as genuine: the seal alone cannot tell
        }
        var failure = await Failure();
        Assert.Equal(("unauthenticated", "scorecard-2017-huu-lung"), (failure["kind"]!.GetValue<string>(), failure["stream"]!.GetValue<string>()));
        var (exit, output) = await CchcOnLedger("verify");
        Assert.Equal(1, exit);
        Assert.Contains(" unauthenticated: ", output);

        // And the application role cannot remove or replace a MAC to cover its tracks.
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Refused(AppConnection, "delete from cchc.event_macs")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Refused(AppConnection, "update cchc.event_macs set mac = mac")).SqlState);
    }

    [Fact]
    public async Task case_6_the_stored_spellings_and_the_two_kinds_of_version_are_the_documented_ones()
    {
        await SmallSetAdopted();   // sent as the API takes them: "scale", "ratio", "bands", "count", "halfUp"
        await using var conn = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select version, data::text from cchc.mt_events where stream_id = 'criteria-set-2017-districts' order by version", conn);
        var stored = new List<(long Version, string Data)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add((reader.GetInt64(0), reader.GetString(1)));
        var drafted = stored[0].Data;
        foreach (var spelling in new[] { "\"method\": \"Scale\"", "\"method\": \"Ratio\"", "\"method\": \"Bands\"", "\"basis\": \"Count\"", "\"mode\": \"HalfUp\"", "\"kind\": \"shared\"" })
            Assert.Contains(spelling, drafted);
        // Stream version 2 (adoption) is still rules version 1: publications pin the rules version.
        Assert.Equal([1L, 2L], stored.Select(s => s.Version));
        Assert.Equal(1, (await Get("/api/criteria-sets/2017-districts"))["version"]!.GetValue<int>());

        var scoring = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "integrity", "scoring.md"));
        var publication = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "integrity", "publication.md"));
        foreach (var documented in new[] { "`Scale`", "`Ratio`", "`Bands`", "`Count`", "`HalfUp`", "`HalfEven`", "`Down`", "`shared`" }) Assert.Contains(documented, scoring);
        Assert.Contains("Rules version vs stream version", publication);
    }

    [Fact]
    public void the_mac_is_hmac_sha256_of_the_leaf()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var leaf = MerkleTree.Leaf("x");
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(key, leaf), EventMac.Compute(key, leaf));
    }
}
