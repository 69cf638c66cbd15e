namespace Whizbang.AspNetCore;

/// <summary>
/// Why a request gets no tenant, as sent back in its problem+json body. <see cref="Detail"/> never holds a refused
/// value itself, only its length or the position of its first bad character.
/// </summary>
/// <param name="Status">401, 403 or 400.</param>
/// <param name="Reason">A stable code for clients (for example <c>tenant_not_held</c>), sent as the <c>reason</c> member.</param>
/// <param name="Title">A short summary that is the same for every request refused for this reason.</param>
/// <param name="Detail">What was wrong with this request and how to fix it.</param>
internal sealed record TenantRefusal(int Status, string Reason, string Title, string Detail);
