import type { FaqEntry } from './schemas.ts';

/**
 * A sample FAQ for a travel agency that also sells tickets, in zh-CN and en: the questions its bot
 * answers out of hours (visa documents, trip length, …). Used when a connection gives no entries.
 * The figures are typical, not any real company's policy: replace them with yours.
 */
export const SAMPLE_FAQ: readonly FaqEntry[] = Object.freeze([
  {
    id: 'visa-documents',
    question: { 'zh-CN': '办理签证需要准备哪些材料？', en: 'What documents do I need for the visa?' },
    answer: {
      'zh-CN':
        '一般需要：有效期6个月以上的护照原件、近6个月内白底证件照2张、签证申请表、近6个月银行流水和在职证明（或营业执照复印件）。各国要求不同，出发前45天我们会把目的地的材料清单发给您。',
      en: 'Usually: your passport (valid for at least 6 more months), two recent passport photos on a white background, the application form, 6 months of bank statements and a letter from your employer (or a copy of your business licence). Requirements differ by country: 45 days before departure we send you the list for your destination.',
    },
    keywords: ['签证', '办签', '材料', '资料', '护照', '证件照', '照片', '银行流水', 'visa', 'passport', 'documents', 'paperwork', 'photo', 'bank statement'],
  },
  {
    id: 'trip-length',
    question: { 'zh-CN': '这条线路行程一共几天？', en: 'How long is the trip?' },
    answer: {
      'zh-CN': '以线路页面标注的天数为准：日韩、东南亚短线一般5–7天，欧洲、澳新线一般10–14天；出发日和返回日都计入行程天数。',
      en: 'The number of days is shown on each route page: short routes (Japan, Korea, Southeast Asia) usually take 5–7 days, Europe, Australia and New Zealand 10–14 days. The departure and return days both count.',
    },
    keywords: ['行程', '几天', '天数', '多少天', '多久', '多长时间', '线路', '时长', '团', '玩几天', 'duration', 'days', 'long', 'length', 'itinerary', 'nights', 'trip', 'tour'],
  },
  {
    id: 'rebooking-fee',
    question: { 'zh-CN': '改签手续费是多少？', en: 'How much is the rebooking fee?' },
    answer: {
      'zh-CN':
        '出发（开演）前7天以上改签免手续费；7天内收取票面价10%，24小时内收取20%，如有差价需另补。购买了“无忧改签”的客户在有效期内可免费改签。',
      en: 'Rebooking more than 7 days before departure (or the show) is free; within 7 days the fee is 10% of the fare, within 24 hours 20%, plus any fare difference. Customers with Worry-free rebooking change for free while it is valid.',
    },
    keywords: ['改签', '改期', '改日期', '换日期', '换时间', '手续费', '费用', '多少钱', '收费', 'rebook', 'rebooking', 'reschedule', 'change date', 'change flight', 'fee', 'cost', 'charge'],
  },
  {
    id: 'refund-time',
    question: { 'zh-CN': '退票后退款多久到账？', en: 'How long does a refund take?' },
    answer: {
      'zh-CN': '退票审核通过后原路退回：微信、支付宝1–3个工作日到账，银行卡3–7个工作日，信用卡以发卡行入账为准（最长15个工作日）。',
      en: 'Once the refund is approved, the money goes back the way you paid: WeChat Pay and Alipay in 1–3 working days, debit cards in 3–7, credit cards when your bank posts it (at most 15 working days).',
    },
    keywords: ['退款', '退钱', '退票', '到账', '多久', '什么时候', 'refund', 'money back', 'reimburse', 'when'],
  },
  {
    id: 'baggage',
    question: { 'zh-CN': '行李额度是多少？可以带几件行李？', en: 'What is the baggage allowance?' },
    answer: {
      'zh-CN': '经济舱一般可免费托运1件23公斤的行李，随身行李1件不超过7公斤（不超过20×40×55厘米）；以航空公司规定和机票上的行李额为准，超重部分可提前在线购买。',
      en: 'Economy usually includes one checked bag of up to 23 kg and one cabin bag of up to 7 kg (at most 20×40×55 cm). The airline’s rules and the allowance on your ticket decide; you can buy extra weight online in advance.',
    },
    keywords: ['行李', '托运', '公斤', '随身', '超重', '箱子', '行李箱', 'baggage', 'luggage', 'suitcase', 'bag', 'kg', 'checked', 'carry-on', 'allowance', 'overweight'],
  },
  {
    id: 'wheelchair',
    question: { 'zh-CN': '可以安排轮椅服务吗？', en: 'Can you arrange wheelchair assistance?' },
    answer: {
      'zh-CN': '可以。请至少在出发前48小时告诉我们乘客姓名、航班或场次，以及能否自行上下台阶，我们会免费为您向航空公司或场馆申请轮椅和专人协助。',
      en: 'Yes. Tell us at least 48 hours before departure the passenger’s name, the flight or show, and whether they can manage steps; we will ask the airline or venue for a wheelchair and an assistant, free of charge.',
    },
    keywords: ['轮椅', '行动不便', '残疾', '残障', '无障碍', '协助', '老人', '腿脚', 'wheelchair', 'mobility', 'disabled', 'disability', 'accessibility', 'assistance', 'walk'],
  },
  {
    id: 'halal-meals',
    question: { 'zh-CN': '能提供清真餐吗？', en: 'Are halal meals available?' },
    answer: {
      'zh-CN': '可以。航班上的清真餐（MOML）请至少在起飞前48小时申请；跟团游期间我们会安排清真餐厅或清真餐食，请在报名时备注。',
      en: 'Yes. Ask for a halal meal (MOML) on flights at least 48 hours before take-off; on group tours we book halal restaurants or meals — mention it when you sign up.',
    },
    keywords: ['清真', '穆斯林', '回民', '餐食', '饮食', '吃饭', '忌口', 'halal', 'muslim', 'meal', 'meals', 'food', 'diet', 'dietary', 'pork'],
  },
  {
    id: 'e-ticket-delivery',
    question: { 'zh-CN': '电子票什么时候发给我？', en: 'When will I receive my e-ticket?' },
    answer: {
      'zh-CN': '出票成功后30分钟内，电子票会通过短信和邮件发给您，也可以在“我的订单”里查看；演出电子票一般在开演前3天发放。没收到的话请先检查垃圾邮件，或回复“补发”。',
      en: 'Within 30 minutes of ticketing we send the e-ticket by SMS and email; it is also under “My orders”. E-tickets for shows are usually released 3 days before the show. If it has not arrived, check your spam folder or reply “resend”.',
    },
    keywords: ['电子票', '出票', '票', '发票时间', '没收到', '收不到', '补发', '短信', '邮件', 'e-ticket', 'eticket', 'ticket', 'tickets', 'receive', 'received', 'confirmation', 'resend', 'arrive'],
  },
  {
    id: 'invoice',
    question: { 'zh-CN': '怎么开发票？', en: 'How do I get an invoice?' },
    answer: {
      'zh-CN': '在“我的订单”中点“申请发票”，填写抬头和税号，电子发票会在3个工作日内发到您的邮箱；行程结束后180天内都可以申请。',
      en: 'In “My orders”, choose “Request an invoice” and enter the company name and tax number; the e-invoice (fapiao) reaches your email within 3 working days. You can ask for it up to 180 days after the trip.',
    },
    keywords: ['发票', '开票', '报销', '抬头', '税号', '收据', '行程单', 'invoice', 'receipt', 'fapiao', 'tax', 'expense', 'reimbursement'],
  },
  {
    id: 'name-change',
    question: { 'zh-CN': '机票上的名字写错了可以改吗？', en: 'Can I change the name on the ticket?' },
    answer: {
      'zh-CN': '姓名拼写错误（不超过3个字母）可以免费更正；更换乘机人需要退票后重新购买。实名制演出不支持更换观演人。请尽快把证件照片发给我们处理。',
      en: 'A misspelt name (up to 3 letters) is corrected for free; a different passenger needs a refund and a new ticket. Named tickets for shows cannot be transferred. Send us a photo of the ID as soon as you can.',
    },
    keywords: ['姓名', '名字', '改名', '更名', '写错', '拼错', '拼写', '乘机人', '换人', '转让', 'name', 'spelling', 'misspelled', 'misspelt', 'typo', 'passenger', 'transfer'],
  },
  {
    id: 'child-ticket',
    question: { 'zh-CN': '儿童票怎么买？孩子多大需要买票？', en: 'Do children need a ticket?' },
    answer: {
      'zh-CN': '2–12周岁儿童可购买儿童票（约为成人票价的50%–75%）；2周岁以下婴儿购买婴儿票（约10%），不占座。演出类身高1.2米以上的儿童需购买全价票。',
      en: 'Children aged 2–12 travel on a child fare (about 50–75% of the adult fare); infants under 2 pay about 10% and sit on a lap. For shows, children taller than 1.2 m need a full-price ticket.',
    },
    keywords: ['儿童', '小孩', '孩子', '婴儿', '宝宝', '儿童票', '半价', '身高', '岁', 'child', 'children', 'kid', 'kids', 'infant', 'baby', 'toddler', 'age', 'years old', 'son', 'daughter'],
  },
  {
    id: 'cancellation',
    question: { 'zh-CN': '如何取消订单？', en: 'How do I cancel my booking?' },
    answer: {
      'zh-CN': '在“我的订单”中选中订单点“取消”。出发前30天以上取消免费，30至7天收取团费的20%，7天内收取50%；已出票的机票按航空公司的退票规定处理。',
      en: 'In “My orders”, select the booking and choose “Cancel”. Cancelling more than 30 days before departure is free, 30 to 7 days costs 20% of the tour price, within 7 days 50%; issued air tickets follow the airline’s refund rules.',
    },
    keywords: ['取消', '取消订单', '不去了', '不想去', '退团', '订单', 'cancel', 'cancellation', 'cancelling', 'booking', 'order', 'call off'],
  },
] satisfies FaqEntry[]);
