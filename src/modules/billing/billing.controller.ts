import { applyDecorators, Body, Controller, Get, HttpCode, Post, Put, Query, RawBodyRequest, Req, SetMetadata } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles, ROLES_KEY } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { PageQueryDto } from '../../common/pagination/pagination';
import { BillingWebhooksService } from './billing-webhooks.service';
import { BillingService } from './billing.service';
import {
  BillingConfigDto,
  ChangePlanDto,
  CheckoutDto,
  CheckoutSessionDto,
  InvoicePageDto,
  PlanCatalogDto,
  UsageDto,
  WebhookAckDto,
} from './dto/billing.dto';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

/**
 * Owner only, but checked after body validation: API.md fixes the order for PUT /billing/plan as
 * 400, then 403. Guards run before pipes, so the guard only authenticates (any role) and the service
 * checks the owner role first thing. Documented like `@Roles('owner')`.
 */
const OwnerCheckedAfterValidation = () =>
  applyDecorators(
    SetMetadata(ROLES_KEY, 'viewer'),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked credential', type: ProblemDto }),
    ApiForbiddenResponse({
      description: 'Requires role owner (checked after body validation), or the enterprise plan was asked for (sales only)',
      type: ProblemDto,
    }),
    ApiTooManyRequestsResponse({ description: 'Rate limit exceeded (see Retry-After)', type: ProblemDto }),
  );

const ApiUpstreamResponses = () =>
  applyDecorators(
    ApiResponse({ status: 502, description: 'Stripe refused the request (`upstream_unavailable`)', type: ProblemDto }),
    ApiServiceUnavailableResponse({
      description: 'Stripe not configured on this server, or unreachable (`upstream_unavailable`)',
      type: ProblemDto,
    }),
  );

@ApiTags('billing')
@Controller('api/v1/billing')
export class BillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly webhooks: BillingWebhooksService,
  ) {}

  @Get('plans')
  @Roles('viewer')
  @ApiOperation({
    operationId: 'listPlans',
    summary: 'The plan catalogue: every plan with its default limits and list prices',
    description:
      'The one catalogue (the web app reads it rather than keeping a copy). The limits in force for this workspace, ' +
      'contract overrides and subscription status applied, are in GET /billing/config.',
  })
  @ApiOkResponse({ type: PlanCatalogDto })
  plans(): PlanCatalogDto {
    return this.billing.plans();
  }

  @Get('config')
  @Roles('admin')
  @ApiOperation({ operationId: 'getBillingConfig', summary: 'Plan, subscription status, period and the limits in force' })
  @ApiOkResponse({ type: BillingConfigDto })
  config(@CurrentActor() actor: Actor): Promise<BillingConfigDto> {
    return this.billing.config(actor);
  }

  @Put('plan')
  @OwnerCheckedAfterValidation()
  @ApiOperation({
    operationId: 'changePlan',
    summary: 'Change the plan',
    description:
      "To a paid plan: changes the Stripe subscription's price at once, prorated (409 `checkout_required` without a " +
      'subscription). To `free`: the subscription cancels at the end of the period. A downgrade below current usage is allowed; ' +
      'it only blocks new additions until usage is back under the limits.',
  })
  @ApiOkResponse({ type: BillingConfigDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({
    description: 'No subscription yet: use checkout (`checkout_required`); or another plan change is in progress (`conflict`, Retry-After)',
    type: ProblemDto,
  })
  @ApiUpstreamResponses()
  changePlan(@CurrentActor() actor: Actor, @Body() dto: ChangePlanDto): Promise<BillingConfigDto> {
    return this.billing.changePlan(actor, dto);
  }

  @Get('usage')
  @Roles('admin')
  @ApiOperation({ operationId: 'getBillingUsage', summary: "Usage this month against the plan's limits, with a daily trace series" })
  @ApiOkResponse({ type: UsageDto })
  usage(@CurrentActor() actor: Actor): Promise<UsageDto> {
    return this.billing.usage(actor);
  }

  @Post('checkout')
  @Idempotent()
  @Roles('owner')
  @ApiOperation({ operationId: 'createCheckoutSession', summary: 'Start a Stripe Checkout Session to subscribe to a paid plan' })
  @ApiCreatedResponse({ type: CheckoutSessionDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ description: 'Already subscribed: change the plan instead (`conflict`)', type: ProblemDto })
  @ApiUpstreamResponses()
  checkout(@CurrentActor() actor: Actor, @Body() dto: CheckoutDto): Promise<CheckoutSessionDto> {
    return this.billing.checkout(actor, dto);
  }

  @Get('invoices')
  @Roles('admin')
  @ApiOperation({ operationId: 'listInvoices', summary: 'Invoices, newest first (our copy, kept in step by Stripe webhooks)' })
  @ApiOkResponse({ type: InvoicePageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  invoices(@CurrentActor() actor: Actor, @Query() q: PageQueryDto) {
    return this.billing.invoices(actor, q);
  }

  @Post('webhooks')
  @Idempotent()
  @Public('none')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveStripeWebhook',
    summary: 'Stripe webhook endpoint (called by Stripe, not by clients)',
    description:
      'Verifies `Stripe-Signature` over the raw body with STRIPE_WEBHOOK_SECRET. Each event id is applied once; ' +
      'out-of-order subscription events never roll state back; unknown event types are acknowledged and ignored.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: "Stripe's signature header: t=<timestamp>,v1=<hmac>" })
  @ApiBody({ description: 'A Stripe event object', schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({ description: 'Missing or invalid signature', type: ProblemDto })
  @ApiServiceUnavailableResponse({ description: 'No STRIPE_WEBHOOK_SECRET configured (`upstream_unavailable`)', type: ProblemDto })
  receiveWebhook(@Req() req: RawBodyRequest<FastifyRequest>): Promise<WebhookAckDto> {
    return this.webhooks.receive(req.rawBody, req.headers['stripe-signature']);
  }
}
