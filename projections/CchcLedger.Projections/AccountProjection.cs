using CchcLedger.Domain.Accounts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>
/// The <see cref="Account"/> document, kept in the same transaction as its events: every request of a signed-in person
/// reads it, so a revoked right or a disabled account is refused from the very next request.
/// </summary>
public sealed class AccountProjection : SingleStreamProjection<Account, string>
{
    /// <summary>The events <see cref="Account.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public AccountProjection()
    {
        IncludeType<AccountCreated>();
        IncludeType<RoleGranted>();
        IncludeType<RoleRevoked>();
        IncludeType<AccountDisabled>();
        IncludeType<AccountEnabled>();
        IncludeType<PasswordReset>();
        IncludeType<PasswordChanged>();
    }

    public override Account? Evolve(Account? snapshot, string id, IEvent e) => Account.Evolve(snapshot, e.Data);
}
