package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Redaction on realistic review and support texts: what must go, and what must stay. */
class RedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "我的手机号是13812345678，有问题请联系                 | 我的手机号是[PHONE]，有问题请联系               | phone",
        "前台电话 +86 138-1234-5678，或者 0086 13912345678    | 前台电话 [PHONE]，或者 [PHONE]                 | phone",
        "加微信同号86-15012345678，谢谢                      | 加微信同号[PHONE]，谢谢                        | phone",
        "手机 199 8765 4321 打不通                           | 手机 [PHONE] 打不通                           | phone",
        "手机１３８１２３４５６７８（全角输入）                 | 手机[PHONE]（全角输入）                        | phone",
        "身份证号11010519491231002X，入住要登记               | 身份证号[ID]，入住要登记                       | id",
        "证件号码：440306199003071232 小写x也算11010519491231002x | 证件号码：[ID] 小写x也算[ID]                  | id",
        "退款打到卡 6217 0001 2345 6789 019 了吗             | 退款打到卡 [CARD] 了吗                         | card",
        "信用卡4111111111111111被扣两次                       | 信用卡[CARD]被扣两次                          | card",
        "卡号 6222-0212-3456-7894，运通 3782 822463 10005     | 卡号 [CARD]，运通 [CARD]                       | card",
        "发票请寄 zhang.san+hotel@example.com.cn 谢谢         | 发票请寄 [EMAIL] 谢谢                          | email",
        "邮箱ｌｉｓｉ＠ｑｑ．ｃｏｍ已验证                        | 邮箱[EMAIL]已验证                             | email",
        "13812345678@163.com 是我的邮箱                      | [EMAIL] 是我的邮箱                            | email",
    })
    void replacesPersonalDataWithItsToken(String input, String expected, String kind) {
        Redactor.Result result = Redactor.redact(input.strip());
        assertEquals(expected.strip(), result.text());
        assertEquals(List.of(kind), result.kinds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "订单号：202405011234567890，已发货",
        "订单 138123456789 的发票（12 位，不是手机号）",
        "价格¥1999.00，原价￥2,599，会员价 1,299.50 元",
        "入住日期2024-05-01，退房2024/05/03 12:00:45",
        "回调时间戳1714550400123，毫秒",
        "编号12345678901，房间 1203",
        "客服电话10086、400-820-8820",
        "身份证号校验位不对：110105194912310021",
        "出生日期不存在：11010519491331002X",
        "卡号 6222 0212 3456 7890 校验不过",
        "不是邮箱：user@localhost，也不是 @某人",
        "WiFi密码12345678，房间号8808",
    })
    void keepsNumbersThatAreNotPersonalData(String input) {
        Redactor.Result result = Redactor.redact(input);
        assertEquals(input, result.text());
        assertEquals(List.of(), result.kinds());
    }

    @Test
    void listsEveryKindFoundInAFixedOrder() {
        Redactor.Result result = Redactor.redact("电话13812345678 邮箱a.b@qq.com 卡号6222021234567894 身份证11010519491231002X");
        assertEquals("电话[PHONE] 邮箱[EMAIL] 卡号[CARD] 身份证[ID]", result.text());
        assertEquals(List.of("email", "id", "card", "phone"), result.kinds());
    }
}
