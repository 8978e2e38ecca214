"""Real documents from many issuers (../shared/corpus): each pinned fact was read from the file by eye.

The pins cover title, 文号, date, signatories, kind (文种), enclosures, the level-1 headings
(marker + first characters), the count of sections per style and the attachments. The folder is
not part of the project: where it is absent these tests skip.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest

import jxparse
from conftest import CORPUS, needs_corpus
from jxparse.ast import Section


@dataclass
class Pin:
    name: str
    title: str
    doc_number: str | None
    date: str | None
    signatories: tuple[str, ...]
    kind: str | None
    enclosures: list[str] = field(default_factory=list)
    level1: list[str] = field(default_factory=list)
    styles: dict[str, int] = field(default_factory=dict)
    attachments: list[tuple[int | None, str]] = field(default_factory=list)


PINS = [
    Pin("001-gwy-guofa-2019-005.html", '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见',
        '国发〔2019〕5号', '2019-01-27', ('国务院',), '意见',
        enclosures=[],
        level1=['一、总体要求', '二、主要目标', '三、重点任务', '四、保障措施'],
        styles={'hanzi': 4, 'paren_hanzi': 10},
        attachments=[]),
    Pin("002-gwyb-guobanfa-2019-006.html", '国务院办公厅关于有效发挥政府性融资担保基金作用切实支持小微企业和“三农”发展的指导意见',
        '国办发〔2019〕6号', '2019-01-22', ('国务院办公厅',), '意见',
        enclosures=[],
        level1=['一、总体要求', '二、坚持聚焦支小支农融资', '三、切实降低小微企业和“', '四、完善银担合作机制', '五、强化财税正向激励', '六、构建上下联动机制', '七、逐级放大增信效应', '八、优化监管考核机制'],
        styles={'hanzi': 8, 'paren_hanzi': 27},
        attachments=[]),
    Pin("003-gwy-guofa-2019-004.html", '国务院关于印发国家职业教育改革实施方案的通知',
        '国发〔2019〕4号', '2019-01-24', ('国务院',), '通知',
        enclosures=['国家职业教育改革实施方案'],
        level1=['一、完善国家职业教育制度', '二、构建职业教育国家标准', '三、促进产教融合校企“双', '四、建设多元办学格局', '五、完善技术技能人才保障', '六、加强职业教育办学质量', '七、做好改革组织实施工作'],
        styles={'hanzi': 7, 'paren_hanzi': 20},
        attachments=[]),
    Pin("004-gwyb-guobanfa-2019-003.html", '国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知',
        '国办发〔2019〕3号', '2019-01-09', ('国务院办公厅',), '通知',
        enclosures=[],
        level1=['一、总体要求', '二、工作任务', '三、工作措施', '四、组织实施'],
        styles={'arabic': 9, 'hanzi': 4},
        attachments=[]),
    Pin("005-gwyb-guobanfa-2019-002.html", '国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知',
        '国办发〔2019〕2号', '2019-01-01', ('国务院办公厅',), '通知',
        enclosures=['国家组织药品集中采购和使用试点方案'],
        level1=['一、总体要求', '二、集中采购范围及形式', '三、具体措施', '四、政策衔接，三医联动', '五、组织形式', '六、工作安排'],
        styles={'arabic': 3, 'hanzi': 6, 'paren_hanzi': 17},
        attachments=[]),
    Pin("006-gwy-guofa-2018-044.html", '国务院关于2018年度国家科学技术奖励的决定',
        '国发〔2018〕44号', '2018-12-28', ('国务院',), '决定',
        enclosures=[],
        level1=[],
        styles={},
        attachments=[]),
    Pin("007-gwy-guohan-2018-159.html", '国务院关于河北雄安新区总体规划（2018—2035年）的批复',
        '国函〔2018〕159号', '2018-12-25', ('国务院',), '批复',
        enclosures=[],
        level1=['一、原则同意《河北雄安新', '二、紧扣雄安新区战略定位', '三、有序承接北京非首都功', '四、优化国土空间开发保护', '五、打造优美自然生态环境', '六、推进城乡融合发展', '七、塑造新区风貌特色', '八、打造宜居宜业环境', '九、构建现代综合交通体系', '十、建设绿色低碳之城', '十一、建设国际一流的创新', '十二、创建数字智能之城', '十三、确保城市安全运行', '十四、加强规划组织实施'],
        styles={'hanzi': 14},
        attachments=[]),
    Pin("008-gwyb-zyjw-guobanfa-1996-025.html", '国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知',
        '国办发〔1996〕25号', '1996-06-29', ('国务院办公厅', '中央军委办公厅'), '通知',
        enclosures=[],
        level1=['一、日军遗弃化学武器是历', '二、', '三、对已发现的日军遗弃的'],
        styles={'hanzi': 3},
        attachments=[]),
    Pin("009-gwyb-guobanfa-1996-002.html", '国务院办公厅转发国家地震局关于我国地震重点监视防御区的确定和加强防震减灾工作意见报告的通知',
        '国办发〔1996〕2号', '1996-02-05', ('国务院办公厅',), '通知',
        enclosures=['关于我国地震重点监视防御区的确定和加强防震减灾工作意见的报告'],
        level1=['一、关于我国地震重点监视', '二、关于1996年度地震', '三、关于进一步加强我国防'],
        styles={'hanzi': 3, 'paren_hanzi': 6},
        attachments=[]),
    Pin("010-gwyb-guobanhan-2004-057.html", '国务院办公厅关于辽宁省在曾培炎副总理考察工作时所提问题和建议办理情况的函',
        '国办函〔2004〕57号', '2004-08-12', ('国务院办公厅',), '函',
        enclosures=[],
        level1=['一、关于大连双岛湾工业区', '二、关于开发生产大型船用', '三、关于辽宁电力建设项目', '四、关于地方电网建设资金', '五、关于大连新机场建设项', '六、关于大连商品交易所增', '七、关于继续支持地方工业'],
        styles={'hanzi': 7, 'paren_hanzi': 5},
        attachments=[]),
    Pin("011-gwyb-guobanhan-2004-080.html", '国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函',
        '国办函〔2004〕80号', '2004-11-04', ('国务院办公厅',), '复函',
        enclosures=[],
        level1=[],
        styles={'hanzi': 4},
        attachments=[(1, '国土资源部关于湖北省巴东县官渡口镇马鬃山村地质险情调研情况的报告'), (2, '湖北省巴东县官渡口镇马鬃山村地质险情调查专家组意见')]),
    Pin("012-gwy-guofa-2018-041.html", '国务院关于印发个人所得税专项附加扣除暂行办法的通知',
        '国发〔2018〕41号', '2018-12-13', ('国务院',), '通知',
        enclosures=['个人所得税专项附加扣除暂行办法'],
        level1=['第一章总则', '第二章子女教育', '第三章继续教育', '第四章大病医疗', '第五章住房贷款利息', '第六章住房租金', '第七章赡养老人', '第八章保障措施', '第九章附则'],
        styles={'article': 32, 'chapter': 9, 'paren_hanzi': 14},
        attachments=[]),
    Pin("013-gwyb-guobanfa-2018-114.html", '国务院办公厅关于国家综合性消防救援车辆悬挂应急救援专用号牌有关事项的通知',
        '国办发〔2018〕114号', '2018-12-04', ('国务院办公厅',), '通知',
        enclosures=[],
        level1=['一、专用号牌的核发范围和', '二、专用号牌要素和车辆外', '三、悬挂专用号牌车辆的道', '四、悬挂专用号牌车辆的政'],
        styles={'hanzi': 8, 'paren_hanzi': 9},
        attachments=[(None, '应急救援专用号牌式样和车辆涂装样图')]),
    Pin("014-gwyb-guobanfamingdian-2018-015.html", '国务院办公厅关于2019年部分节假日安排的通知',
        '国办发明电〔2018〕15号', '2018-12-04', ('国务院办公厅',), '通知',
        enclosures=[],
        level1=['一、元旦：2018年12', '二、春节：2月4日至10', '三、清明节：4月5日放假', '四、劳动节：5月1日放假', '五、端午节：6月7日放假', '六、中秋节：9月13日放', '七、国庆节：10月1日至'],
        styles={'hanzi': 7},
        attachments=[]),
    Pin("015-gwy-guofa-1981-088.html", '国务院关于棉粮、糖粮挂钩奖售粮几个问题的通知',
        '国发〔1981〕88号', '1981-05-23', ('国务院',), '通知',
        enclosures=[],
        level1=['一、关于棉粮挂钩的奖售基', '二、关于棉粮、糖粮挂钩奖'],
        styles={'hanzi': 2},
        attachments=[]),
    Pin("016-gwyb-guobanhan-2005-057.html", '国务院办公厅关于印发国家粮食应急预案的函',
        '国办函〔2005〕57号', '2005-06-11', ('国务院办公厅',), '函',
        enclosures=['国家粮食应急预案'],
        level1=['1总则', '2组织机构和职责', '3预警监测', '4应急响应', '5应急保障', '6后期处置', '7附则'],
        styles={'decimal': 53, 'paren_arabic': 8},
        attachments=[]),
    Pin("017-gwy-guohan-2006-038.html", '国务院关于同意组建2008年北京奥运会首都国际机场协调委员会的批复',
        '国函〔2006〕38号', '2006-05-23', ('国务院',), '批复',
        enclosures=[],
        level1=[],
        styles={'hanzi': 4},
        attachments=[(None, '2008年北京奥运会首都国际机场协调委员会组建方案')]),
    Pin("018-gwyb-guobanfa-1997-011.html", '国务院办公厅转发民政部关于清理整顿社会团体意见的通知',
        '国办发〔1997〕11号', '1997-04-08', ('国务院办公厅',), '通知',
        enclosures=['关于清理整顿社会团体的意见'],
        level1=['一、清理整顿工作的指导思', '二、清理整顿的原则', '三、清理整顿工作的主要内', '四、清理整顿工作的方法、', '五、清理整顿工作的组织领'],
        styles={'hanzi': 5, 'paren_hanzi': 15},
        attachments=[]),
    Pin("019-gwy-guohan-2018-144.html", '国务院关于同意建立国务院职业教育工作部际联席会议制度的批复',
        '国函〔2018〕144号', '2018-11-20', ('国务院',), '批复',
        enclosures=[],
        level1=[],
        styles={'hanzi': 4},
        attachments=[(None, '国务院职业教育工作部际联席会议制度')]),
    Pin("020-gwyb-guobanhan-2018-071.html", '国务院办公厅关于印发《政府网站集约化试点工作方案》的通知',
        '国办函〔2018〕71号', '2018-10-27', ('国务院办公厅',), '通知',
        enclosures=['政府网站集约化试点工作方案'],
        level1=['一、总体要求', '二、试点范围', '三、试点任务', '四、工作进度', '五、保障措施'],
        styles={'arabic': 4, 'hanzi': 5, 'paren_hanzi': 14},
        attachments=[]),
    Pin("030-xyszfb-yufufa-2012-003.txt", '新余市人民政府办公室关于印发《新余市新余市绿色建筑管理办法》的通知',
        '余府发〔2012〕3号', '2012-01-09', (), '通知',
        enclosures=['新余市绿色建筑管理办法'],
        level1=['第一章总则', '第二章设计', '第三章施工', '第四章商品房销售与运行管', '第五章奖惩', '第六章附则'],
        styles={'article': 29, 'chapter': 6, 'paren_hanzi': 12},
        attachments=[]),
    Pin("031-xjzjj-xinzhijianbanfa-2012-024.txt", '新疆维吾尔自治区质监局关于进一步加强新闻宣传工作的通知',
        '新质监办发〔2012〕24号', None, (), '通知',
        enclosures=[],
        level1=['一、充分认识宣传工作的重', '二、突出信息宣传工作的重', '三、落实信息宣传工作的原', '四、有关信息报送和宣传工'],
        styles={'hanzi': 4, 'paren_hanzi': 3},
        attachments=[(1, '自治区质监局各单位信息宣传联络员登记表'), (2, '自治区质监局各单位（部门）申请宣传申报单'), (3, '自治区质监局协助宣传报道通知单')]),
    Pin("032-hkssw-gonggao-2020-02.txt", '海口市水务局关于2020年2月1日—2020年2月29日生产建设项目水土保持方案审批决定的公告',
        None, None, (), '公告',
        enclosures=[],
        level1=[],
        styles={},
        attachments=[]),
    Pin("033-gwy-guoling-707.html", '中华人民共和国国务院令',
        '第707号', '2018-12-18', ('总理 李克强',), '令',
        enclosures=['中华人民共和国个人所得税法实施条例'],
        level1=['第一条', '第二条', '第三条', '第四条', '第五条', '第六条', '第七条', '第八条', '第九条', '第十条', '第十一条', '第十二条', '第十三条', '第十四条', '第十五条', '第十六条', '第十七条', '第十八条', '第十九条', '第二十条', '第二十一条', '第二十二条', '第二十三条', '第二十四条', '第二十五条', '第二十六条', '第二十七条', '第二十八条', '第二十九条', '第三十条', '第三十一条', '第三十二条', '第三十三条', '第三十四条', '第三十五条', '第三十六条'],
        styles={'article': 36, 'paren_hanzi': 26},
        attachments=[]),
    Pin("034-gwyb-guobanfa-2018-108.html", '国务院办公厅关于对国务院第五次大督查发现的典型经验做法给予表扬的通报',
        '国办发〔2018〕108号', '2018-11-19', ('国务院办公厅',), '通报',
        enclosures=[],
        level1=[],
        styles={},
        attachments=[(None, '国务院第五次大督查发现的典型经验做法（共130项）')]),
    Pin("035-gwyb-guobanhan-2004-071.html", '国务院办公厅关于四川省在温家宝总理考察工作时所提问题和建议办理情况的函',
        '国办函〔2004〕71号', '2004-10-15', ('国务院办公厅',), '函',
        enclosures=[],
        level1=['一、关于60万吨乙烯项目', '二、关于亭子口水利枢纽工', '三、关于水稻良种补贴问题', '四、关于食品加工业问题', '五、关于巴朗山隧道建设问', '六、关于康定机场建设问题', '七、关于德阳重大技术装备', '八、关于防灾抗灾和移民安', '九、关于长江上游污染治理', '十、关于天然林资源保护和', '十一、关于水淹区贫困群众'],
        styles={'arabic': 5, 'hanzi': 11},
        attachments=[]),
]


def _styles(blocks, counts: Counter) -> Counter:
    for block in blocks:
        if isinstance(block, Section):
            counts[block.style.value] += 1
            _styles(block.children, counts)
    return counts


@needs_corpus
@pytest.mark.parametrize("pin", PINS, ids=lambda pin: pin.name)
def test_corpus_document(pin):
    bulletin = jxparse.parse_file(CORPUS / pin.name)
    assert len(bulletin.documents) == 1 and not bulletin.toc
    document = bulletin.documents[0]
    assert document.title == pin.title
    assert (document.doc_number.text if document.doc_number else None) == pin.doc_number
    assert (document.date, document.signatories, document.kind) == (pin.date, pin.signatories, pin.kind)
    assert [enclosure.title for enclosure in document.enclosures] == pin.enclosures
    top = document.enclosures[0] if document.enclosures and not any(
        isinstance(block, Section) for block in document.body) else document
    assert [(s.marker + s.heading)[:12] for s in top.body if isinstance(s, Section)] == pin.level1
    counts = _styles(document.body, Counter())
    for part in (*document.enclosures, *document.attachments):
        _styles(part.body, counts)
    assert dict(counts) == pin.styles
    assert [(a.number, a.title) for a in document.attachments] == pin.attachments


@needs_corpus
def test_every_corpus_file_is_pinned():
    names = {path.name for path in CORPUS.iterdir() if path.suffix in (".html", ".txt")}
    assert names == {pin.name for pin in PINS}
