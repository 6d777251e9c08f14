using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Signed checkpoints: tampering done as the database superuser who also recomputes every seal to match is still
/// found, because the chain no longer passes through a head the ledger signed with a key the database does not hold.
/// </summary>
public sealed class CheckpointTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private long _signed;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoDistrictsSelfAssessed();
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1", points = 19, reason = "Phúc tra", decisionRef = "QĐ 410" });
        _signed = (await Checkpoints()).Single().Sequence;
    }

    private CheckpointSigner Signer => Host.Services.GetRequiredService<CheckpointSigner>();
    private byte[] MacKey => Host.Services.GetRequiredService<EventMacKey>().Key;

    private static async Task<NpgsqlConnection> Superuser()
    {
        var conn = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await conn.OpenAsync();
        return conn;
    }

    private static async Task Sql(string sql)
    {
        await using var conn = await Superuser();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<ChainCheckpointed>> Checkpoints()
    {
        await using var conn = await Superuser();
        return await Projections.EventSeals.CheckpointsAsync(conn);
    }

    /// <summary>
    /// What an attacker with full rights does after changing events: every seal recomputed so that the chain verifies on
    /// its own, and every MAC too: this attacker also took the application's MAC key (from its server), but not the
    /// checkpoint key, which is the only guard left.
    /// </summary>
    private async Task RecomputeEverySeal()
    {
        await using var conn = await Superuser();
        var rows = new List<(long Seq, byte[] Prev, byte[] Hash, byte[] Leaf)>();
        await using (var cmd = new NpgsqlCommand($"select e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, e.headers::text, e.data::text, {Projections.EventSeals.Metadata} from cchc.mt_events e order by e.seq_id", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            var previous = EventChain.Genesis;
            while (await reader.ReadAsync())
            {
                var leaf = MerkleTree.Leaf(EventChain.Canonical(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
                    Projections.EventSeals.ReadMetadata(reader, 8)));
                var hash = EventChain.Link(previous, leaf);
                rows.Add((reader.GetInt64(0), previous, hash, leaf));
                previous = hash;
            }
        }
        await using (var truncate = new NpgsqlCommand("truncate cchc.event_chain, cchc.event_macs, cchc.merkle_nodes", conn)) await truncate.ExecuteNonQueryAsync();
        var index = 0L;
        foreach (var (seq, prev, hash, leaf) in rows)
        {
            await using var insert = new NpgsqlCommand("insert into cchc.event_chain (seq_id, prev_hash, hash, leaf, leaf_index) values (@s, @p, @h, @l, @i); " +
                                                       "insert into cchc.event_macs (seq_id, mac) values (@s, @m)", conn);
            insert.Parameters.AddWithValue("i", index++);
            insert.Parameters.AddWithValue("m", EventMac.Compute(MacKey, leaf));
            insert.Parameters.AddWithValue("l", leaf);
            insert.Parameters.AddWithValue("s", seq);
            insert.Parameters.AddWithValue("p", prev);
            insert.Parameters.AddWithValue("h", hash);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private async Task<(bool Ok, long Sequence, string Kind, int Checkpoints)> Verify()
    {
        var report = await Get("/api/integrity/verification");
        var failure = report["firstFailure"];
        return (report["ok"]!.GetValue<bool>(), failure?["sequence"]!.GetValue<long>() ?? 0, failure?["kind"]!.GetValue<string>() ?? "", report["checkpointsChecked"]!.GetValue<int>());
    }

    private static async Task<int> CchcVerify(params string[] args) => (await CchcOnLedger(["verify", .. args])).Exit;

    [Fact]
    public async Task a_publication_is_followed_by_a_checkpoint_in_the_ledger_and_in_the_witness_file_signed_by_the_published_key()
    {
        Assert.Equal((true, 0L, "", 2), await Verify());   // the ledger's checkpoint and the witness file's copy
        var witness = CheckpointSigner.ReadWitness(Signer.WitnessFile);
        Assert.Equal((await Checkpoints()).Single(), Assert.Single(witness));

        var pem = await Host.Scenario(s => { s.Get.Url("/api/integrity/public-key"); s.StatusCodeShouldBe(200); });   // no token: public
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(await pem.ReadAsTextAsync());
        Assert.True(Checkpoint.Verify(publicKey, witness[0]));
        Assert.False(Checkpoint.Verify(publicKey, witness[0] with { Head = new string('0', 64) }));
        Assert.Equal(0, await CchcVerify());
    }

    [Fact]
    public async Task cchc_verify_takes_only_a_public_key_and_refuses_the_private_one()
    {
        var folder = Directory.CreateTempSubdirectory("cchc-keys-").FullName;
        var publicKey = Path.Combine(folder, "public.pem");
        var privateKey = Path.Combine(folder, "private.pem");
        await File.WriteAllTextAsync(publicKey, Signer.PublicKeyPem);
        await File.WriteAllTextAsync(privateKey, Signer.Key.ExportPkcs8PrivateKeyPem());

        Assert.Equal(0, await CchcVerify("--public-key", publicKey));
        var (exit, output) = await CchcOnLedger("verify", "--public-key", privateKey);
        Assert.Equal(2, exit);
        Assert.Contains("--public-key", output);
        Assert.Equal(2, await CchcVerify("--public-key", Path.Combine(folder, "missing.pem")));
        // A witness file that is not there is refused, not taken for an empty one.
        var (noWitness, said) = await CchcOnLedger("verify", "--public-key", publicKey, "--witness", Path.Combine(folder, "nowhere.jsonl"));
        Assert.Equal(2, noWitness);
        Assert.Contains("witness", said);
    }

    public static TheoryData<string, string> TamperingWithSealsRecomputed() => new()
    {
        { "a points value", "update cchc.mt_events set data = jsonb_set(data, '{value,points}', '20') where type = 'self_score_entered' and stream_id = 'scorecard-2017-van-quan' and data->>'criterion' = '1.1'" },
        { "an actor", "update cchc.mt_events set user_name = 'Người khác' where type = 'self_assessment_submitted' and stream_id = 'scorecard-2017-huu-lung'" },
        { "a deleted event", "delete from cchc.mt_events where type = 'self_score_entered' and stream_id = 'scorecard-2017-van-quan' and data->>'criterion' = '1.4'" },
        { "a forged event", "alter table cchc.mt_events disable trigger seal_event; " +
            "insert into cchc.mt_streams (id, version, timestamp, created) values ('agency-gia-mao', 1, now(), now()); " +
            "update cchc.mt_events set seq_id = -seq_id where seq_id > (select min(seq_id) from cchc.mt_events where type = 'self_assessment_submitted'); " +
            "update cchc.mt_events set seq_id = 1 - seq_id where seq_id < 0; " +
            "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name) " +
            "select seq_id + 1, gen_random_uuid(), 'agency-gia-mao', 1, '{\"code\": \"gia-mao\", \"name\": \"Giả mạo\", \"block\": \"districts\"}', 'agency_registered', timestamp, " +
            "'CchcLedger.Domain.Agencies.AgencyRegistered, CchcLedger.Domain', headers, user_name from cchc.mt_events where type = 'self_assessment_submitted' order by seq_id limit 1; " +
            "alter table cchc.mt_events enable trigger seal_event" },
        { "two swapped events", "update cchc.mt_events set seq_id = -1 where seq_id = 3; update cchc.mt_events set seq_id = 3 where seq_id = 4; update cchc.mt_events set seq_id = 4 where seq_id = -1" },
    };

    [Theory]
    [MemberData(nameof(TamperingWithSealsRecomputed))]
    public async Task tampering_with_every_seal_recomputed_is_found_through_the_signed_checkpoint(string what, string sql)
    {
        await Sql(sql);
        await RecomputeEverySeal();
        var (ok, sequence, kind, _) = await Verify();
        Assert.False(ok, $"{what}: the rewritten ledger verified");
        switch (what)
        {
            case "two swapped events":   // instants or stream versions go backwards, or else the checkpoint fails
                Assert.True(sequence <= 4 || sequence == _signed, $"{what}: reported at {sequence} ({kind})");
                break;
            case "a deleted event":      // the stream's versions skip one, before the checkpoint is even reached
                Assert.Equal("missing", kind);
                Assert.True(sequence < _signed);
                break;
            default:                     // the chain is whole again, but it is not the chain that was signed
                Assert.Equal((what, _signed, "altered"), (what, sequence, kind));
                break;
        }
        Assert.Equal(1, await CchcVerify());
    }

    [Fact]
    public async Task a_checkpoint_signed_with_another_key_is_found()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var real = (await Checkpoints()).Single();
        var forged = Checkpoint.Sign(other, real.Sequence, Convert.FromHexString(real.Head), real.TreeSize, Convert.FromHexString(real.Root), real.At);
        await Sql($"insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type) " +
                  $"select max(seq_id) + 1, gen_random_uuid(), 'ledger-checkpoints', 2, '{JsonSerializer.Serialize(forged, JsonSerializerOptions.Web)}', 'chain_checkpointed', now(), " +
                  $"'CchcLedger.Domain.Integrity.ChainCheckpointed, CchcLedger.Domain' from cchc.mt_events");
        // The forger holds the application's MAC key (not the checkpoint key): the forged event carries a valid MAC.
        await using (var conn = await Superuser())
        await using (var cmd = new NpgsqlCommand("select seq_id, leaf from cchc.event_chain order by seq_id desc limit 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            var (seq, leaf) = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
            await reader.CloseAsync();
            await using var mac = new NpgsqlCommand("insert into cchc.event_macs (seq_id, mac) values (@s, @m)", conn);
            mac.Parameters.AddWithValue("s", seq);
            mac.Parameters.AddWithValue("m", EventMac.Compute(MacKey, leaf));
            await mac.ExecuteNonQueryAsync();
        }
        var (ok, sequence, kind, _) = await Verify();
        Assert.Equal((false, real.Sequence, "altered"), (ok, sequence, kind));
    }

    [Fact]
    public async Task removing_the_ledgers_own_checkpoints_does_not_hide_a_rewrite_from_the_witness_file()
    {
        await Sql("update cchc.mt_events set data = jsonb_set(data, '{value,points}', '20') where type = 'self_score_entered' and stream_id = 'scorecard-2017-van-quan' and data->>'criterion' = '1.1'; " +
                  "delete from cchc.mt_events where type = 'chain_checkpointed'");
        await RecomputeEverySeal();
        Assert.Empty(await Checkpoints());
        Assert.Equal((false, _signed, "altered", 0), await Verify());
        var elsewhere = Path.GetTempFileName();
        File.Copy(Signer.WitnessFile, elsewhere, overwrite: true);
        Assert.Equal(1, await CchcVerify("--witness", elsewhere));
        File.WriteAllText(elsewhere, "");
        // Without any witness the chain and its MACs no longer show the rewrite (docs/integrity/trust.md says so); only the
        // projection audit still sees that the served documents are not what the rewritten events give.
        var (exit, output) = await CchcOnLedger("verify", "--witness", elsewhere);
        Assert.Equal(1, exit);
        Assert.Contains(" projection: ", output);
    }
}

public sealed class CheckpointKeyTests
{
    private sealed class Warnings : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Seen { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? error, Func<TState, Exception?, string> format)
        {
            if (level == Microsoft.Extensions.Logging.LogLevel.Warning) Seen.Add(format(state, error));
        }
    }

    [Fact]
    public void without_a_configured_key_a_development_key_is_created_once_outside_the_database_with_a_warning()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-key-{Guid.NewGuid():N}");
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Integrity:CheckpointKeyFile"] = Path.Combine(folder, "key.pem") })
            .Build();
        var log = new Warnings();

        var first = CheckpointSigner.From(settings, log);
        Assert.Contains(log.Seen, w => w.Contains("development checkpoint key"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "key.pem")));   // the private key: its owner only

        var again = CheckpointSigner.From(settings, log);
        Assert.Single(log.Seen);                                             // created once, then read
        Assert.Equal(Checkpoint.KeyId(first.Key), Checkpoint.KeyId(again.Key));
        Directory.Delete(folder, recursive: true);
    }
}

public sealed class EventMacKeyTests
{
    [Fact]
    public void without_a_configured_key_a_development_mac_key_is_created_once_owner_only_and_production_refuses_to_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-mac-{Guid.NewGuid():N}");
        var file = Path.Combine(folder, "event-mac.key");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Integrity:EventMacKeyFile"] = file }).Build();

        var first = EventMacKey.From(settings);
        Assert.Equal(32, first.Key.Length);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(first.Key, EventMacKey.From(settings).Key);   // created once, then read
        Assert.Equal(1, first.RequiredFrom);

        var none = new ConfigurationBuilder().Build();
        var refused = Assert.Throws<InvalidOperationException>(() => EventMacKey.From(none, production: true));
        Assert.Contains("Integrity:EventMacKey", refused.Message);
        var tooShort = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Integrity:EventMacKey"] = Convert.ToBase64String(new byte[16]) }).Build();
        Assert.Throws<InvalidOperationException>(() => EventMacKey.From(tooShort, production: true));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void production_never_makes_a_key_and_refuses_a_key_file_that_does_not_exist()
    {
        var none = new ConfigurationBuilder().Build();
        Assert.Contains("Integrity:CheckpointKey", Assert.Throws<InvalidOperationException>(() => CheckpointSigner.From(none, production: true)).Message);
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-keys-{Guid.NewGuid():N}");
        var missing = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Integrity:CheckpointKeyFile"] = Path.Combine(folder, "checkpoint-key.pem"),
            ["Integrity:EventMacKeyFile"] = Path.Combine(folder, "event-mac.key"),
        }).Build();
        Assert.Contains(Path.Combine(folder, "checkpoint-key.pem"), Assert.Throws<InvalidOperationException>(() => CheckpointSigner.From(missing, production: true)).Message);
        Assert.Contains(Path.Combine(folder, "event-mac.key"), Assert.Throws<InvalidOperationException>(() => EventMacKey.From(missing, production: true)).Message);
        Assert.False(Directory.Exists(folder));
        // Outside production the same settings make both keys, once.
        Assert.NotNull(CheckpointSigner.From(missing));
        Assert.Equal(EventMacKey.From(missing).Key, EventMacKey.From(missing).Key);
        Directory.Delete(folder, recursive: true);
    }
}
