/**
 * Feishu's own example payloads, copied from the documentation (comments removed, values kept).
 * The adapter must parse them and the emulator must produce the same shapes
 * (tests/feishu/doc-fixtures.test.ts).
 */

/** im.message.receive_v1, schema 2.0. https://open.feishu.cn/document/server-docs/im-v1/message/events/receive */
export const DOC_MESSAGE_EVENT = {
  schema: '2.0',
  header: {
    event_id: '5e3702a84e847582be8db7fb73283c02',
    event_type: 'im.message.receive_v1',
    create_time: '1608725989000',
    token: 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV',
    app_id: 'cli_9f5343c580712544',
    tenant_key: '2ca1d211f64f6438',
  },
  event: {
    sender: {
      sender_id: {
        union_id: 'on_8ed6aa67826108097d9ee143816345',
        user_id: 'e33ggbyz',
        open_id: 'ou_84aad35d084aa403a838cf73ee18467',
      },
      sender_type: 'user',
      tenant_key: '736588c9260f175e',
    },
    message: {
      message_id: 'om_5ce6d572455d361153b7cb51da133945',
      root_id: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
      parent_id: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
      create_time: '1609073151345',
      chat_id: 'oc_5ce6d572455d361153b7xx51da133945',
      chat_type: 'group',
      message_type: 'text',
      content: '{"text":"@_user_1 hello"}',
      mentions: [
        {
          key: '@_user_1',
          id: {
            union_id: 'on_8ed6aa67826108097d9ee143816345',
            user_id: 'e33ggbyz',
            open_id: 'ou_84aad35d084aa403a838cf73ee18467',
          },
          name: 'Tom',
          tenant_key: '736588c9260f175e',
        },
      ],
    },
  },
};
/** Fields of the same event the page's field table documents besides the example's (newer clients send them). */
export const DOC_MESSAGE_TABLE_EXTRA = ['update_time', 'thread_id', 'user_agent'];

/**
 * card.action.trigger, a form submit.
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 * (`delivery_type`, `context.url`, `context.preview_token`: link-preview cards only, as the page says).
 */
export const DOC_CARD_ACTION = {
  schema: '2.0',
  header: {
    event_id: 'f7984f25108f8137722bb63c*****',
    token: '066zT6pS4QCbgj5Do145GfDbbag*****',
    create_time: '1603977298000000',
    event_type: 'card.action.trigger',
    tenant_key: '2df73991750*****',
    app_id: 'cli_a5fb0ae6a4******',
  },
  event: {
    operator: { tenant_key: '2df73991750*****', user_id: '867*****', open_id: 'ou_3c14f3a59eaf2825dbe25359f15*****' },
    token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d******',
    action: {
      value: { key: 'value' },
      tag: 'button',
      timezone: 'Asia/Shanghai',
      form_value: {
        'field name1': ['selectDemo1', 'selectDemo2'],
        'field name2': 'value2',
        DatePicker_bpqdq5puvn4: '2024-04-01 +0800',
        DateTimePicker_ihz2d7a74i: '2024-04-29 07:07 +0800',
        Input_lf4fmxwfrd9: '1234',
        PersonSelect_2ejys7ype7m: 'ou_3c14f3a59eaf2825dbe25359f15*****',
        Select_a2d5b7l3zd: '1',
        TimePicker_7ecsf6xkqsq: '00:00 +0800',
      },
      name: 'Button_lvkepfu3',
    },
    host: 'im_message',
    delivery_type: 'url_preview',
    context: {
      url: 'xxx',
      preview_token: 'xxx',
      open_message_id: 'om_574d639e4a44e4dd646eaf628e2*****',
      open_chat_id: 'oc_e4d2605ca917e695f54f11aaf56*****',
    },
  },
};
export const DOC_CARD_LINK_PREVIEW_ONLY = { event: ['delivery_type'], context: ['url', 'preview_token'] };

/**
 * url_verification without an Encrypt Key (配置请求地址). https://open.feishu.cn/document/ukTMukTMukTM/uYzMxEjL2MTMx4iNzETM
 */
export const DOC_URL_VERIFICATION = { challenge: 'ajls384kdjx98XX', token: 'xxxxxx', type: 'url_verification' };

/**
 * “Encrypt Key 加密配置案例”: the decryption sample — Encrypt Key `test key`, ciphertext below, plaintext
 * `hello world`.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export const DOC_DECRYPT_SAMPLE = {
  encryptKey: 'test key',
  encrypt: 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=',
  plaintext: 'hello world',
};

/**
 * The encrypted event the event-subscription guide shows under 配置加密策略 → Encrypt Key (“加密推送的事件示例”;
 * read at its mirror http://feishu.apifox.cn/doc-7518435, which masks a few characters of it). It decrypts
 * with the key `kudryavka` to a schema 1.0 envelope (`uuid`, `token`, `ts`, `type: "event_callback"`; the
 * 1.0/2.0 difference: https://open.feishu.cn/document/ukTMukTMukTM/uUTNz4SN1MjL1UzM).
 */
export const DOC_ENCRYPTED_V1 = {
  encryptKey: 'kudryavka',
  encrypt:
    'FIAfJPGRmFZWkaxPQ1XrJZVbv2JwdjfLk4jx0k/U1deAqYK3AXOZ5zcHt/cC4ZNTqYwWUW/EoL+b2hW/C4zoAQQ5CeMtbxX2zHjm+E4nX' +
    '/Aww+FHUL6iuIMaeL2KLxqdtbHRC50vgC2YI7xohnb3KuCNBMUzLiPeNIpVdnYaeteCmSaESb+AZpJB9PExzTpRDzCRv+T6o5vlzaE8Ug' +
    'IneC1sYu85BnPBEMTSuj1ZZzfdQi7ZW992Z4dmJxn9e8FL2VArNm99f5Io3c2O4AcNsQENNKtfAAxVjCqc3mg5jF0nKabA+u/5vrUD76f' +
    'lX1UOF5fzJ0sApG2OEn9wfyPDRBsApn9o+fceF9hNrYBGsdtZrZYyGG387CGOtKsuj8e2E8SNp+Pn4E9oYejOTR+ZNLNi+twxaXVlJhr6' +
    'l+RXYwEiMGQE9zGFBD6h2dOhKh3W84p1GEYnSRIz1+9/Hp66arjC7RCrhuW5OjCj4QFEQJiwgL45XryxHtiZ7JdAlPmjVsL03CxxFZarz' +
    'xzffryrWUG3VkRdHRHbTsC34+ScoL5MTDU1QAWdqUC1T7xT0lCvQELaIhBTXAYrznJl6PlA83oqlMxpHh0gZBB1jFbfoUr7OQbBs1xqzp' +
    'YK6Yjux6diwpQB1zlZErYJUfCqK7G/zI9yK/60b4HW0k3M+AvzMcw=',
  envelope: {
    uuid: '5226cd85b4d843dccee2e279d93f3ed3',
    token: 'GzhQEyfUcx7eEungQFWtXgCbxSpUOJIb',
    ts: '1589970805.376395',
    type: 'event_callback',
  },
};

/**
 * Signature known answer: hex SHA-256 of timestamp + nonce + Encrypt Key + body, the rule the
 * encrypt-key page gives, computed independently (`printf '%s' … | sha256sum`).
 */
export const SIGNATURE_KAT = {
  timestamp: '1700000000',
  nonce: 'nonce-1',
  encryptKey: 'test key',
  body: '{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}',
  signature: '002a272a435d056759149cce18e88064ff320d38d91a09432445c344c4296949',
};
