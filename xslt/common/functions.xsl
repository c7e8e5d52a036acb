<?xml version="1.0" encoding="UTF-8"?>
<!-- Functions shared by the HTML and the table stylesheets: what a TEI element means,
     never how it looks. Everything here is pure (no templates, no output). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <!-- The text blocks of the contracts (tei_toolkit/entities/insert.py TEXT_BLOCKS). -->
  <xsl:variable name="tt:text-blocks" as="xs:string+"
      select="('p', 'ab', 'l', 'head', 'item', 'cell', 'note')"/>

  <!-- Entry elements (register entries) and the kind each one is. -->
  <xsl:variable name="tt:entry-kinds" as="map(xs:string, xs:string)"
      select="map{'person': 'person', 'personGrp': 'person', 'place': 'place', 'org': 'org'}"/>

  <!-- Mention elements and @type values of rs/name, mapped to a kind. -->
  <xsl:variable name="tt:mention-kinds" as="map(xs:string, xs:string)"
      select="map{'persName': 'person', 'placeName': 'place', 'orgName': 'org',
                  'person': 'person', 'personGrp': 'person', 'place': 'place',
                  'org': 'org', 'organisation': 'org', 'organization': 'org'}"/>

  <!-- Authority idno types and how their bare ids become URLs. -->
  <xsl:variable name="tt:authorities" as="map(xs:string, map(xs:string, xs:string))" select="map{
      'wikidata': map{'label': 'Wikidata', 'url': 'https://www.wikidata.org/wiki/'},
      'geonames': map{'label': 'GeoNames', 'url': 'https://www.geonames.org/'},
      'viaf': map{'label': 'VIAF', 'url': 'https://viaf.org/viaf/'},
      'gnd': map{'label': 'GND', 'url': 'https://d-nb.info/gnd/'}
    }"/>

  <!-- XPath normalize-space, named for symmetry with xmlio.normalize_space. -->
  <xsl:function name="tt:normalize" as="xs:string">
    <xsl:param name="value" as="item()*"/>
    <xsl:sequence select="normalize-space(string-join($value ! string(.), ''))"/>
  </xsl:function>

  <!-- The nearest text block (contracts' TEXT_BLOCKS) holding a node, if any. -->
  <xsl:function name="tt:text-block" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor::*[self::tei:*][local-name() = $tt:text-blocks][1]"/>
  </xsl:function>

  <!-- The text of a block without the text of notes inside it (those are blocks of their own). -->
  <xsl:function name="tt:block-text" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="if (exists($block//tei:note))
        then tt:normalize($block//text()[not(ancestor::tei:note[. &gt;&gt; $block])])
        else normalize-space($block)"/>
  </xsl:function>

  <!-- The kind (person, place, org) a mention element names, or () when it names none. -->
  <xsl:function name="tt:mention-kind" as="xs:string?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="if ($mention/self::tei:rs or $mention/self::tei:name)
        then tokenize(string($mention/@type))[1] ! $tt:mention-kinds(replace(., '^#', ''))
        else $tt:mention-kinds(local-name($mention))"/>
  </xsl:function>

  <!-- Whether an element is an entity mention (persName, placeName, orgName; rs/name with a
       known @type or any @ref/@key). -->
  <xsl:function name="tt:is-mention" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/(self::tei:persName | self::tei:placeName | self::tei:orgName))
        or (exists($element/(self::tei:rs | self::tei:name))
            and (exists(tt:mention-kind($element)) or exists($element/@ref) or exists($element/@key)))"/>
  </xsl:function>

  <!-- The local entry ids a mention points at: "#id" tokens of @ref, then @key tokens. -->
  <xsl:function name="tt:local-refs" as="xs:string*">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="distinct-values((
        tokenize(string($mention/@ref))[starts-with(., '#')] ! substring(., 2),
        tokenize(string($mention/@key)))[. ne ''])"/>
  </xsl:function>

  <!-- The kind of a register entry (person, place, org). -->
  <xsl:function name="tt:entry-kind" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="($tt:entry-kinds(local-name($entry)), 'person')[1]"/>
  </xsl:function>

  <!-- The readable name of a register entry: its first non-variant name, children spaced. -->
  <xsl:function name="tt:entry-label" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" as="element()*"
        select="$entry/(tei:persName | tei:placeName | tei:orgName | tei:name)"/>
    <xsl:variable name="name" as="element()?"
        select="($names[not(@type = ('variant', 'alt', 'alternative'))], $names)[1]"/>
    <xsl:sequence select="if ($name) then tt:spaced-string($name)
        else if ($entry/@n) then string($entry/@n) else string($entry/@xml:id)"/>
  </xsl:function>

  <!-- Every name form of an entry, label first, without duplicates. -->
  <xsl:function name="tt:entry-names" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="distinct-values((tt:entry-label($entry),
        $entry/(tei:persName | tei:placeName | tei:orgName | tei:name) ! tt:spaced-string(.)))"/>
  </xsl:function>

  <!-- The string value of a name with its child elements spaced apart (forename surname). -->
  <xsl:function name="tt:spaced-string" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($element/node() !
        (if (. instance of element()) then ' ' || string(.) || ' ' else string(.)), ''))"/>
  </xsl:function>

  <!-- Whether software proposed this entry (contracts: the entry carries @resp). -->
  <xsl:function name="tt:is-suggestion" as="xs:boolean">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="exists($entry/@resp)"/>
  </xsl:function>

  <!-- Latitude and longitude of a place entry (location/geo "lat long"), or () when absent
       or out of range. -->
  <xsl:function name="tt:geo" as="xs:double*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="parts" as="xs:string*"
        select="tokenize(normalize-space(string(($entry/tei:location/tei:geo, $entry//tei:geo)[1])), '[\s,]+')"/>
    <xsl:sequence select="if (count($parts) eq 2 and (every $p in $parts satisfies $p castable as xs:double))
        then (let $lat := xs:double($parts[1]), $long := xs:double($parts[2])
              return if (abs($lat) le 90 and abs($long) le 180) then ($lat, $long) else ())
        else ()"/>
  </xsl:function>

  <!-- The URL of an authority idno (wikidata, geonames, viaf, gnd; or a value that is already
       an http(s) URL), or () when unknown. -->
  <xsl:function name="tt:authority-url" as="xs:string?">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="value" as="xs:string" select="normalize-space($idno)"/>
    <xsl:variable name="authority" select="$tt:authorities(lower-case(string($idno/@type)))"/>
    <xsl:sequence select="if (tt:safe-url($value) and matches($value, '^https?://', 'i')) then $value
        else if (exists($authority) and matches($value, '^[A-Za-z0-9_-]+$')) then $authority?url || $value
        else ()"/>
  </xsl:function>

  <!-- A readable name for an authority idno: "Wikidata Q855"; for a URL the authority is
       recognised by its host ("GeoNames 3247449"), else the host is named. -->
  <xsl:function name="tt:authority-label" as="xs:string">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="value" as="xs:string" select="normalize-space($idno)"/>
    <xsl:variable name="authority" select="$tt:authorities(lower-case(string($idno/@type)))"/>
    <xsl:choose>
      <xsl:when test="matches($value, '^https?://', 'i')">
        <xsl:variable name="host" as="xs:string" select="replace(lower-case($value), '^https?://(www\.)?([^/:]+).*$', '$2')"/>
        <xsl:variable name="known" as="xs:string?" select="map{'wikidata.org': 'wikidata', 'geonames.org': 'geonames',
            'viaf.org': 'viaf', 'd-nb.info': 'gnd'}($host)"/>
        <xsl:variable name="id" as="xs:string?" select="(analyze-string($value, '/(Q\d+|\d+X?)(/|\.html)?[^/]*$')//*:group[@nr = 1])[1]"/>
        <xsl:sequence select="if ($known) then string-join(($tt:authorities($known)?label, $id), ' ') else $host"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="string-join((($authority?label, string($idno/@type))[1], $value), ' ')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A URL that is safe to make a link: http(s), protocol-relative, relative or fragment.
       Anything with another scheme (javascript:, data:, vbscript:…) gives (). Browsers drop
       ASCII whitespace and controls inside URLs, so those are removed before the check. -->
  <xsl:function name="tt:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="clean" as="xs:string"
        select="replace(string($url), '[\p{Cc}\s&#x200B;&#xFEFF;]', '')"/>
    <xsl:sequence select="if ($clean eq '') then ()
        else if (matches($clean, '^https?://', 'i')) then $clean
        else if (matches($clean, '^[^/?#]*:')) then ()
        else $clean"/>
  </xsl:function>

  <!-- ISO 639-2 codes that have an ISO 639-1 form, which HTML's lang (BCP 47) requires. -->
  <xsl:variable name="tt:iso639-1" as="map(xs:string, xs:string)" select="map{
      'eng': 'en', 'lat': 'la', 'deu': 'de', 'ger': 'de', 'fra': 'fr', 'fre': 'fr', 'ita': 'it',
      'spa': 'es', 'por': 'pt', 'rus': 'ru', 'ell': 'el', 'gre': 'el', 'nld': 'nl', 'dut': 'nl',
      'pol': 'pl', 'ces': 'cs', 'cze': 'cs', 'heb': 'he', 'ara': 'ar', 'swe': 'sv', 'dan': 'da',
      'nor': 'no', 'fin': 'fi', 'hun': 'hu', 'tur': 'tr', 'ukr': 'uk', 'zho': 'zh', 'chi': 'zh',
      'jpn': 'ja', 'cym': 'cy', 'wel': 'cy', 'gle': 'ga', 'cat': 'ca', 'ron': 'ro', 'rum': 'ro'}"/>

  <!-- An xml:lang value as an HTML lang value (BCP 47), or () when it is not a language tag. -->
  <xsl:function name="tt:lang" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:variable name="parts" as="xs:string*" select="tokenize(normalize-space($value), '-')"/>
    <xsl:sequence select="if (matches(normalize-space($value), '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'))
        then string-join((($tt:iso639-1(lower-case($parts[1])), $parts[1])[1], subsequence($parts, 2)), '-')
        else ()"/>
  </xsl:function>

  <!-- A token safe in a class attribute: letters, digits, hyphen and underscore only. -->
  <xsl:function name="tt:class-token" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="replace(replace($value, '^#', ''), '[^A-Za-z0-9_-]+', '-')"/>
  </xsl:function>

</xsl:stylesheet>
