<?xml version="1.0" encoding="UTF-8"?>
<!-- The text of a TEI document as HTML: one template per element kind, mode "html".
     Unknown elements keep their text (on-no-match="text-only-copy"). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="html" on-no-match="text-only-copy"/>

  <!-- TEI elements shown as a block (div); everything else not matched below is inline text. -->
  <xsl:variable name="tt:blocks" as="xs:string+" select="('front', 'body', 'back', 'group', 'text',
      'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7', 'ab', 'lg', 'l', 'sp', 'castList',
      'castGroup', 'castItem', 'figure', 'floatingText', 'epigraph', 'argument', 'opener', 'closer',
      'postscript', 'trailer', 'titlePage', 'docTitle', 'titlePart', 'docImprint', 'dateline',
      'salute', 'signed', 'byline', 'address', 'listBibl', 'list', 'table', 'p', 'head', 'set', 'spGrp')"/>

  <!-- Whether an element holds something that comes out as a block (notes excepted: they
       become markers), so that it cannot be an HTML p or span itself. -->
  <xsl:function name="tt:contains-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element//tei:*[local-name() = $tt:blocks] except $element//tei:note//*)"/>
  </xsl:function>

  <!-- Whether an element comes out as a block. -->
  <xsl:function name="tt:renders-as-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="(local-name($element) = $tt:blocks and namespace-uri($element) eq 'http://www.tei-c.org/ns/1.0')
        or tt:contains-block($element)"/>
  </xsl:function>

  <!-- The id an anchored block carries (set by tei_toolkit.render before the transform). -->
  <xsl:template name="tt:id">
    <xsl:if test="@tt:anchor"><xsl:attribute name="id" select="@tt:anchor"/></xsl:if>
  </xsl:template>

  <xsl:key name="tt:page" match="tt:page" use="@source, @stem, @id"/>

  <!-- The edition page a relative target names (a source file name, its stem or a document id). -->
  <xsl:function name="tt:page-href" as="xs:string?">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="path" as="xs:string" select="replace(replace($url, '[#?].*$', ''), '^.*/', '')"/>
    <xsl:sequence select="if (exists($registers) and $path ne '') then key('tt:page', $path, $registers)[1]/@href/string() else ()"/>
  </xsl:function>

  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc" mode="html"/>

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group" mode="html">
    <div class="tei-{local-name()}"><xsl:apply-templates mode="html"/></div>
  </xsl:template>

  <!-- A division is a section when it has a heading, else a plain div. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="html">
    <xsl:element name="{if (tei:head) then 'section' else 'div'}">
      <xsl:attribute name="class" select="string-join(('div', @type ! tt:class-token(.)), ' ')"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <!-- Headings of divisions are h2…h6 by the depth of headed divisions (h1 is the document
       title), so no level is skipped; other heads are labels. -->
  <xsl:template match="tei:head" mode="html">
    <xsl:variable name="depth" as="xs:integer"
        select="count(ancestor::*[starts-with(local-name(), 'div') or self::tei:text[parent::tei:group]][tei:head])"/>
    <xsl:choose>
      <xsl:when test="parent::tei:table">
        <caption><xsl:call-template name="tt:id"/><xsl:apply-templates mode="html"/></caption>
      </xsl:when>
      <xsl:when test="parent::*[starts-with(local-name(), 'div') or self::tei:body or self::tei:front or self::tei:back]">
        <xsl:element name="h{min((max((1, $depth)) + 1, 6))}">
          <xsl:call-template name="tt:id"/>
          <xsl:apply-templates mode="html"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <div class="head"><xsl:call-template name="tt:id"/><xsl:apply-templates mode="html"/></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A paragraph: its anchor and visible number; an HTML p unless it holds blocks. -->
  <xsl:template match="tei:p" mode="html">
    <xsl:element name="{if (tt:contains-block(.)) then 'div' else 'p'}">
      <xsl:attribute name="class" select="string-join(('p', @rend ! tt:class-token(.)), ' ')"/>
      <xsl:call-template name="tt:id"/>
      <xsl:if test="@tt:n and @tt:anchor">
        <a class="pnum" href="#{@tt:anchor}" aria-label="{tt:ui('paragraph-long')} {@tt:n}">{@tt:n}</a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:ab | tei:lg | tei:l | tei:sp | tei:castList | tei:castGroup | tei:castItem
      | tei:figure | tei:floatingText | tei:epigraph | tei:argument | tei:opener | tei:closer
      | tei:postscript | tei:trailer | tei:titlePage | tei:docTitle | tei:titlePart | tei:docImprint
      | tei:dateline | tei:salute | tei:signed | tei:byline | tei:address | tei:listBibl | tei:set | tei:spGrp" mode="html">
    <div class="{local-name()}{@type ! (' ' || tt:class-token(.))}">
      <xsl:call-template name="tt:id"/>
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:addrLine | tei:speaker | tei:stage[parent::tei:sp or parent::tei:div or parent::tei:body]" mode="html">
    <div class="{local-name()}"><xsl:apply-templates mode="html"/></div>
  </xsl:template>

  <xsl:template match="tei:stage | tei:docAuthor | tei:docDate | tei:foreign | tei:term | tei:gloss
      | tei:emph | tei:mentioned | tei:soCalled | tei:orig | tei:reg | tei:sic | tei:corr | tei:abbr | tei:expan
      | tei:add | tei:unclear | tei:supplied | tei:seg | tei:measure | tei:num | tei:roleName | tei:forename
      | tei:surname | tei:addName | tei:genName" mode="html">
    <xsl:element name="{if (tt:contains-block(.)) then 'div' else 'span'}">
      <xsl:attribute name="class" select="string-join((local-name(), @type ! tt:class-token(.)), ' ')"/>
      <xsl:if test="tt:lang(@xml:lang)"><xsl:attribute name="lang" select="tt:lang(@xml:lang)"/></xsl:if>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:del" mode="html">
    <del class="{if (tt:contains-block(.)) then 'block' else 'inline'}"><xsl:apply-templates mode="html"/></del>
  </xsl:template>

  <xsl:template match="tei:gap" mode="html">
    <span class="gap" title="{string-join((@reason, @extent, @quantity ! (. || ' ' || ../@unit)), ' ')}">[…]</span>
  </xsl:template>

  <!-- Quotations: inline q in running text; blockquote when they hold paragraphs or verse. -->
  <xsl:template match="tei:cit" mode="html">
    <xsl:element name="{if (tt:renders-as-block(.)) then 'blockquote' else 'span'}">
      <xsl:attribute name="class" select="'cit'"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q | tei:said" mode="html">
    <xsl:element name="{if (tt:renders-as-block(.)) then 'blockquote' else 'q'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:if test="tt:lang(@xml:lang)"><xsl:attribute name="lang" select="tt:lang(@xml:lang)"/></xsl:if>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblStruct" mode="html">
    <cite class="bibl"><xsl:apply-templates mode="html"/></cite>
  </xsl:template>

  <xsl:template match="tei:title" mode="html">
    <i class="title"><xsl:apply-templates mode="html"/></i>
  </xsl:template>

  <!-- Dates: an HTML time element when the TEI gives a machine-readable value, else a span. -->
  <xsl:template match="tei:date | tei:time" mode="html">
    <xsl:variable name="when" as="xs:string" select="string((@when, @when-iso)[1])"/>
    <xsl:choose>
      <xsl:when test="matches($when, '^\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?$')">
        <time datetime="{$when}"><xsl:apply-templates mode="html"/></time>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:apply-templates mode="html"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- hi: each @rend token becomes a class; a few common ones get their HTML element. -->
  <xsl:template match="tei:hi" mode="html">
    <xsl:variable name="rend" as="xs:string*" select="tokenize(lower-case(string((@rend, @rendition)[1]))) ! tt:class-token(.)"/>
    <xsl:variable name="element" as="xs:string"
        select="if (tt:contains-block(.)) then 'div' else if ($rend = ('sup', 'superscript')) then 'sup' else if ($rend = ('sub', 'subscript')) then 'sub'
                else if ($rend = ('bold', 'b', 'strong')) then 'b' else if ($rend = ('italic', 'italics', 'i'))
                then 'i' else 'span'"/>
    <xsl:element name="{$element}">
      <xsl:attribute name="class" select="string-join(('hi', $rend ! ('hi-' || .)), ' ')"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:list" mode="html">
    <xsl:apply-templates select="tei:head" mode="html"/>
    <xsl:choose>
      <xsl:when test="tei:label">
        <dl class="list{@type ! (' ' || tt:class-token(.))}">
          <xsl:for-each select="tei:label">
            <dt><xsl:apply-templates mode="html"/></dt>
            <dd><xsl:apply-templates select="following-sibling::tei:item[1]/node()" mode="html"/></dd>
          </xsl:for-each>
        </dl>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if (tokenize(@rend) = ('numbered', 'ordered') or @type = ('ordered', 'numbered')) then 'ol' else 'ul'}">
          <xsl:attribute name="class" select="'list'"/>
          <xsl:apply-templates select="tei:item" mode="html"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:item" mode="html">
    <li><xsl:call-template name="tt:id"/><xsl:apply-templates mode="html"/></li>
  </xsl:template>

  <xsl:template match="tei:table" mode="html">
    <div class="table-wrap">
      <table>
        <xsl:apply-templates select="tei:head" mode="html"/>
        <tbody><xsl:apply-templates select="tei:row" mode="html"/></tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="tei:row" mode="html">
    <tr><xsl:apply-templates select="tei:cell" mode="html"/></tr>
  </xsl:template>

  <xsl:template match="tei:cell" mode="html">
    <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
      <xsl:call-template name="tt:id"/>
      <xsl:if test="@cols castable as xs:positiveInteger"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows castable as xs:positiveInteger"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:lb" mode="html"><br/></xsl:template>

  <xsl:template match="tei:pb" mode="html">
    <span class="pb" role="separator">{if (@n) then '[' || @n || ']' else '|'}</span>
  </xsl:template>

  <xsl:template match="tei:cb | tei:milestone" mode="html"/>

  <!-- Links: only http(s), relative and fragment targets become links; a fragment must name
       an element that has an id on this page. Anything else is plain text. -->
  <xsl:template match="tei:ref | tei:ptr" mode="html">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="target" as="xs:string?" select="tokenize(string(@target))[1]"/>
    <xsl:variable name="url" as="xs:string?" select="if (tt:safe-url(@target)) then tt:safe-url($target) else ()"/>
    <xsl:variable name="local" as="element()?"
        select="if (starts-with(string($url), '#')) then (ancestor::tt:doc//*[@xml:id = substring($url, 2)])[1] else ()"/>
    <xsl:variable name="href" as="xs:string?"
        select="if (empty($url) or $in-link) then ()
                else if (starts-with($url, '#')) then $local/(@tt:anchor, @xml:id[parent::tei:div | parent::tei:anchor])[1] ! ('#' || .)
                else if (matches($url, '^(https?:)?//', 'i')) then $url else tt:page-href($url)"/>
    <xsl:variable name="text" as="item()*">
      <xsl:choose>
        <xsl:when test="self::tei:ptr or not(node())">{$target}</xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="html">
            <xsl:with-param name="in-link" select="exists($href) or $in-link" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a class="ref" href="{$href}">
          <xsl:if test="matches($href, '^(https?:)?//', 'i')"><xsl:attribute name="rel" select="'noopener'"/></xsl:if>
          <xsl:sequence select="$text"/>
        </a>
      </xsl:when>
      <xsl:otherwise><span class="ref">
        <xsl:sequence select="$text"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:anchor[@xml:id]" mode="html">
    <span class="anchor" id="{@xml:id}"/>
  </xsl:template>

  <!-- A note in the text is a numbered marker; its content is listed after the text. -->
  <xsl:template match="tei:note" mode="html">
    <xsl:variable name="n" as="xs:integer" select="tt:note-number(.)"/>
    <sup class="note-ref"><a href="#{@tt:anchor}" id="{@tt:anchor}-ref" aria-label="{tt:ui('note')} {$n}">{$n}</a></sup>
  </xsl:template>

  <xsl:template match="tei:note" mode="note">
    <li id="{@tt:anchor}" value="{tt:note-number(.)}">
      <xsl:apply-templates mode="html"/>
      <xsl:text> </xsl:text>
      <a class="back" href="#{@tt:anchor}-ref" aria-label="{tt:ui('back-to-text')}">↩</a>
    </li>
  </xsl:template>

  <!-- Notes are numbered in document order by tei_toolkit.render (@tt:note). -->
  <xsl:function name="tt:note-number" as="xs:integer">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if ($note/@tt:note castable as xs:integer) then xs:integer($note/@tt:note) else 0"/>
  </xsl:function>

</xsl:stylesheet>
