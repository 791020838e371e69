"""A tenant's retention policy, as set."""

from commands.application import Aftersales
from commands.context import CommandContext, authorize
from commands.privacy import RetentionPolicyPublic
from domain.access import EXPORTERS
from domain.tenant import Tenant


def retention_policy(app: Aftersales, ctx: CommandContext) -> RetentionPolicyPublic:
    authorize(ctx, EXPORTERS)
    policy = app.load(Tenant, ctx.tenant_id, ctx).retention
    return RetentionPolicyPublic(
        customer_days=policy.customer_days, ticket_text_days=policy.ticket_text_days
    )
