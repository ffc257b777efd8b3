import { adminActionKey, AUDIT_ACTIONS, ledgerKeys, paymentRefundKey } from '@kiebot/db'

// Production rows carry these keys and actions: their spelling is pinned, byte for byte.
describe('ledger idempotency keys', () => {
  const generationId = '0b6f3c1e-8a2d-4f1b-9c3e-5d7a9b1c2e4f'
  const chargeId = 'stxABC123'

  it('spells every key as the rows already in the ledger do', () => {
    expect(ledgerKeys.charge(generationId)).toBe('gen:0b6f3c1e-8a2d-4f1b-9c3e-5d7a9b1c2e4f:charge')
    expect(ledgerKeys.refund(generationId)).toBe('gen:0b6f3c1e-8a2d-4f1b-9c3e-5d7a9b1c2e4f:refund')
    expect(ledgerKeys.measuredRefund(generationId)).toBe('gen:0b6f3c1e-8a2d-4f1b-9c3e-5d7a9b1c2e4f:measured-refund')
    expect(ledgerKeys.topup(chargeId)).toBe('topup:stxABC123')
    expect(ledgerKeys.referral(chargeId)).toBe('referral:stxABC123')
    expect(ledgerKeys.referralReversal(chargeId)).toBe('referral:stxABC123:reversed')
    expect(ledgerKeys.welcome(42n)).toBe('welcome:42')
    expect(ledgerKeys.adjust(adminActionKey(7n, 900123))).toBe('adjust:7:900123')
    expect(ledgerKeys.paymentRefund(chargeId)).toBe('topup-refund:stxABC123')
    expect(ledgerKeys.paymentRefund(chargeId, 0)).toBe('topup-refund:stxABC123')
    expect(ledgerKeys.paymentRefund(chargeId, 2)).toBe('topup-refund:stxABC123:2')
    expect(ledgerKeys.paymentRefundUndone(chargeId, 0)).toBe('topup-refund:stxABC123:undone')
    expect(ledgerKeys.paymentRefundUndone(chargeId, 1)).toBe('topup-refund:stxABC123:1:undone')
    expect(ledgerKeys.promo(generationId, 42n)).toBe('promo:0b6f3c1e-8a2d-4f1b-9c3e-5d7a9b1c2e4f:42')
    expect(ledgerKeys.promoReversal(chargeId, 0)).toBe('topup-refund:stxABC123:promo')
    expect(ledgerKeys.promoReversal(chargeId, 2)).toBe('topup-refund:stxABC123:2:promo')
    expect(ledgerKeys.promoReversalUndone(chargeId, 0)).toBe('topup-refund:stxABC123:undone:promo')
    expect(ledgerKeys.promoReversalUndone(chargeId, 1)).toBe('topup-refund:stxABC123:1:undone:promo')
    expect(paymentRefundKey(chargeId, 1)).toBe('topup-refund:stxABC123:1')
  })

  it('has a test line above for every builder', () => {
    expect(Object.keys(ledgerKeys).sort()).toEqual(
      [
        'adjust',
        'charge',
        'measuredRefund',
        'paymentRefund',
        'paymentRefundUndone',
        'promo',
        'promoReversal',
        'promoReversalUndone',
        'referral',
        'referralReversal',
        'refund',
        'topup',
        'welcome',
      ].sort(),
    )
  })
})

describe('admin audit actions', () => {
  it('spells every action as the audit log already does', () => {
    expect(AUDIT_ACTIONS).toEqual({
      balanceAdjust: 'balance.adjust',
      paymentRefund: 'payment.refund',
      paymentRefundUndone: 'payment.refund_undone',
      referralReverse: 'referral.reverse',
      userBan: 'user.ban',
      userUnban: 'user.unban',
      broadcast: 'broadcast',
      catalogSync: 'catalog.sync',
      catalogLowerPrice: 'catalog.lower_price',
      catalogReenable: 'catalog.reenable',
      generationResend: 'generation.resend',
      modelSettings: 'model.settings',
      promoCreate: 'promo.create',
      promoDisable: 'promo.disable',
    })
  })
})
