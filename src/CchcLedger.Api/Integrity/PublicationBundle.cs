using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;

namespace CchcLedger.Api.Integrity;

/// <summary>
/// Everything needed to check one publication with no database and no network: the publication event, every event
/// it derives from (the criteria set's, the block's scorecards', the agencies'), all as stored, with a Merkle
/// multiproof tying them to the signed checkpoint that followed the publication, and the public key.
/// </summary>
public sealed record PublicationBundle(string Format, int Year, string Block, int Publication, long PublicationSequence, string PublicKey, EventProof Proof)
{
    public const string CurrentFormat = "cchc-bundle/1";

    public static async Task<(PublicationBundle? Bundle, string? Problem)> BuildAsync(IQuerySession session, NpgsqlConnection conn, CheckpointSigner signer,
        int year, string block, int number, CancellationToken ct = default)
    {
        if (await Rankings.Publications.FindAsync(session, year, block, number, ct) is not (var publication, var publicationSequence))
            return (null, $"{year} block '{block}' has no publication {number}");
        var checkpoint = (await EventSeals.CheckpointsAsync(conn, ct)).Where(c => c.Sequence >= publicationSequence).MinBy(c => c.Sequence);
        if (checkpoint is null) return (null, $"no signed checkpoint covers publication {number} yet (one follows every publication)");

        var cards = await Regeneration.BlockScorecardStreamsAsync(session, publication, ct);
        var agencies = cards.Select(key => Agency.StreamKey(key[$"scorecard-{year}-".Length..]));
        var streams = cards.Concat(agencies).Append(CriteriaSet.StreamKey(publication.CriteriaSet.Id)).ToList();
        var sequences = (await EventProofs.SequencesAsync(conn, streams, publication.ThroughSequence, ct)).Append(publicationSequence).ToList();
        var proof = await EventProofs.BuildAsync(conn, checkpoint, sequences, ct);
        return (new PublicationBundle(CurrentFormat, year, block, number, publicationSequence, signer.PublicKeyPem, proof), null);
    }

    /// <summary>What a check of a bundle found: whether its events are the ledger's, and whether they give the published ranking.</summary>
    public sealed record Verdict(bool Included, bool Identical, string Detail, string? Digest, string? PublishedDigest, IReadOnlyList<RankingDifference> Differences);

    /// <summary>Checks a bundle alone: the signature (against <paramref name="trustedKey"/> when given, else the bundle's own key), every event's inclusion, then the ranking recomputed from those events.</summary>
    public Verdict Verify(ECDsa? trustedKey = null)
    {
        using var bundled = ECDsa.Create();
        bundled.ImportFromPem(PublicKey);
        if (Proof.Check(trustedKey ?? bundled) is { } problem) return new(false, false, problem, null, null, []);

        var events = Proof.Events.OrderBy(e => e.Sequence).ToList();
        object Read(ProvenEvent e) => LedgerStore.EventTypes.TryGetValue(e.Type, out var type)
            ? JsonSerializer.Deserialize(e.Data, type, LedgerStore.EventJson)!
            : throw new InvalidDataException($"event {e.Sequence} has a type this verifier does not know: {e.Type}");
        if (events.FirstOrDefault(e => e.Sequence == PublicationSequence) is not { } stored || Read(stored) is not RankingPublished publication
            || publication.Number != Publication || publication.Year != Year || publication.Block != Block)
            return new(true, false, $"the bundle does not hold publication {Publication} of {Year} {Block}", null, null, []);

        var derivedFrom = events.Where(e => e.Sequence <= publication.ThroughSequence).GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => g.Select(Read).ToList());
        var rules = CriteriaSet.AtVersion(derivedFrom.GetValueOrDefault(CriteriaSet.StreamKey(publication.CriteriaSet.Id)) ?? [], publication.CriteriaSet.Version)?.Rules;
        var cards = derivedFrom.Where(s => s.Key.StartsWith("scorecard-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Scorecard?)null, Scorecard.Evolve)).OfType<Scorecard>();
        var agencies = derivedFrom.Where(s => s.Key.StartsWith("agency-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Agency?)null, Agency.Evolve)).OfType<Agency>().ToDictionary(a => a.Code);
        var recomputed = PublicationCheck.Recompute(publication, rules, cards, agencies);
        return new(true, recomputed.Identical, recomputed.Identical ? "identical" : "different", recomputed.Digest, publication.Digest, recomputed.Differences);
    }
}
