using CchcLedger.Domain.Blocks;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="Block"/> document: each block as it stands now, kept in the same transaction as its events.</summary>
public sealed class BlockProjection : SingleStreamProjection<Block, string>
{
    public override Block? Evolve(Block? snapshot, string id, IEvent e) => Block.Evolve(snapshot, e.Data);
}
