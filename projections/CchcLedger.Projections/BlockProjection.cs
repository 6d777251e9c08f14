using CchcLedger.Domain.Blocks;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="Block"/> document: each block as it stands now, kept in the same transaction as its events.</summary>
public sealed class BlockProjection : SingleStreamProjection<Block, string>
{
    /// <summary>The events <see cref="Block.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public BlockProjection()
    {
        IncludeType<BlockDefined>();
        IncludeType<BlockRenamed>();
        IncludeType<BlockRetired>();
    }

    public override Block? Evolve(Block? snapshot, string id, IEvent e) => Block.Evolve(snapshot, e.Data);
}
